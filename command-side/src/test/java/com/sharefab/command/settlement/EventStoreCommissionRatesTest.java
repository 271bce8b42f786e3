package com.sharefab.command.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.events.settlement.CommissionRateSetEvent;
import java.time.Instant;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/** The rate a settlement opens at: always the operator's latest, also when it was set on another node. */
class EventStoreCommissionRatesTest {

    private final EmbeddedEventStore store =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private long sequence;

    private void operatorSets(int basisPoints) {
        store.publish(new GenericDomainEventMessage<>("PlatformCommission", PlatformCommission.ID, sequence++,
                new CommissionRateSetEvent(PlatformCommission.ID, basisPoints, Instant.now())));
    }

    @Test
    void noRateSet_theConfiguredDefault() {
        assertThat(new EventStoreCommissionRates(store, 300).current()).isEqualTo(300);
    }

    @Test
    void everyChange_isInForceForTheNextOpening_onEveryNode() {
        var thisNode = new EventStoreCommissionRates(store, 300);
        var otherNode = new EventStoreCommissionRates(store, 300);
        assertThat(thisNode.current()).isEqualTo(300);
        assertThat(otherNode.current()).isEqualTo(300);

        operatorSets(250);
        assertThat(thisNode.current()).isEqualTo(250);
        assertThat(thisNode.current()).isEqualTo(250);

        operatorSets(0);
        operatorSets(420);
        assertThat(otherNode.current()).isEqualTo(420);
        assertThat(thisNode.current()).isEqualTo(420);
        assertThat(new EventStoreCommissionRates(store, 300).current()).isEqualTo(420);
    }

    @Test
    void aRateOfZero_isARate_notTheDefault() {
        var rates = new EventStoreCommissionRates(store, 300);
        operatorSets(0);
        assertThat(rates.current()).isZero();
        assertThat(rates.current()).isZero();
    }
}
