package com.sharefab.command.firm;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.firm.FirmRegisteredEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A firm on the platform, identified by the id its client chose and holding one Unified Social Credit Code.
 *
 * <p>Registration is its whole life so far: a registration command creates it; a retry of the same
 * registration (a phone that lost the answer) changes nothing; the same id with other details is refused.
 */
@Aggregate
class Firm {

    @AggregateIdentifier
    private String firmId;

    private RegisterFirmCommand registration;

    Firm() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterFirmCommand command, UsccRegistry registry, EventStore eventStore) {
        var normalized = normalize(command);
        if (registration != null) {
            if (!registration.equals(normalized)) {
                throw new DomainException(
                        FirmErrorCode.FIRM_ID_CONFLICT,
                        "firm " + command.firmId() + " was registered with other details",
                        "firmId");
            }
            return; // a retry of the registration we already hold
        }
        if (!registry.claim(normalized.uscc(), normalized.firmId(), eventStore)) {
            throw new DomainException(
                    FirmErrorCode.USCC_ALREADY_REGISTERED,
                    "the Unified Social Credit Code " + normalized.uscc() + " is already registered",
                    "uscc");
        }
        apply(new FirmRegisteredEvent(
                normalized.firmId(),
                normalized.name(),
                normalized.uscc(),
                normalized.roles(),
                normalized.contactName(),
                normalized.contactPhone(),
                normalized.contactEmail(),
                Instant.now(GenericEventMessage.clock)));
    }

    @EventSourcingHandler
    void on(FirmRegisteredEvent event) {
        firmId = event.firmId();
        registration = new RegisterFirmCommand(
                event.firmId(),
                event.name(),
                event.uscc(),
                event.roles(),
                event.contactName(),
                event.contactPhone(),
                event.contactEmail());
    }

    private static RegisterFirmCommand normalize(RegisterFirmCommand command) {
        return new RegisterFirmCommand(
                command.firmId(),
                command.name().strip(),
                command.uscc().strip().toUpperCase(Locale.ROOT),
                Set.copyOf(command.roles()),
                command.contactName().strip(),
                command.contactPhone().strip(),
                command.contactEmail() == null || command.contactEmail().isBlank() ? null : command.contactEmail().strip());
    }
}
