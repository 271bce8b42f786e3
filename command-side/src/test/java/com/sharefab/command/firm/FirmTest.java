package com.sharefab.command.firm;

import static com.sharefab.command.firm.FirmTestData.FIRM_ID;
import static com.sharefab.command.firm.FirmTestData.VALID_USCC;
import static com.sharefab.command.firm.FirmTestData.aFirmRegisteredEvent;
import static com.sharefab.command.firm.FirmTestData.aRegisterFirmCommand;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.firm.FirmRole;
import java.time.Instant;
import java.util.Set;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirmTest {

    private AggregateTestFixture<Firm> fixture;
    private UsccRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Firm.class);
        registry = mock(UsccRegistry.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(mock(EventStore.class));
    }

    @Test
    void registerFirm_newCode_isRegistered() {
        when(registry.claim(eq(VALID_USCC), eq(FIRM_ID), any())).thenReturn(true);

        fixture.givenNoPriorActivity()
                .when(aRegisterFirmCommand())
                .expectSuccessfulHandlerExecution()
                .expectEvents(aFirmRegisteredEvent(fixture.currentTime()));
    }

    @Test
    void registerFirm_lowerCaseCodeWithSpaces_isStoredNormalized() {
        when(registry.claim(eq(VALID_USCC), eq(FIRM_ID), any())).thenReturn(true);
        var command = aRegisterFirmCommand();
        var sloppy = new RegisterFirmCommand(
                command.firmId(), " " + command.name() + " ", " " + VALID_USCC.toLowerCase() + " ", command.roles(),
                command.contactName(), command.contactPhone(), " ");

        fixture.givenNoPriorActivity()
                .when(sloppy)
                .expectEvents(aFirmRegisteredEvent(fixture.currentTime()));
    }

    @Test
    void registerFirm_retryWithSamePayload_isNoOp() {
        fixture.given(aFirmRegisteredEvent(Instant.parse("2026-11-01T08:00:00Z")))
                .when(aRegisterFirmCommand())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verify(registry, never()).claim(any(), any(), any());
    }

    @Test
    void registerFirm_sameIdDifferentPayload_isFirmIdConflict() {
        var command = aRegisterFirmCommand();
        var different = new RegisterFirmCommand(
                command.firmId(), "另一家公司", command.uscc(), Set.of(FirmRole.BUYER), command.contactName(),
                command.contactPhone(), null);

        fixture.given(aFirmRegisteredEvent(Instant.parse("2026-11-01T08:00:00Z")))
                .when(different)
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("firm firm-1 was registered with other details");
    }

    @Test
    void registerFirm_codeHeldByAnotherFirm_isUsccAlreadyRegistered() {
        when(registry.claim(eq(VALID_USCC), eq(FIRM_ID), any())).thenReturn(false);

        fixture.givenNoPriorActivity()
                .when(aRegisterFirmCommand())
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("the Unified Social Credit Code 91350100M000100Y43 is already registered");
    }
}
