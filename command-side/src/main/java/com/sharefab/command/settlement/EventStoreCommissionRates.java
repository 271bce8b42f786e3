package com.sharefab.command.settlement;

import com.sharefab.events.settlement.CommissionRateSetEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The rate in force is the last one the operator set, read from the platform commission's own stream (a handful of
 * events, so read whole), or the configured default when none was set.
 */
@Component
class EventStoreCommissionRates implements CommissionRates {

    private final EventStore eventStore;
    private final int defaultBasisPoints;

    EventStoreCommissionRates(
            EventStore eventStore,
            @Value("${sharefab.settlement.commission-basis-points:300}") int defaultBasisPoints) {
        this.eventStore = eventStore;
        this.defaultBasisPoints = defaultBasisPoints;
    }

    @Override
    public int current() {
        int rate = defaultBasisPoints;
        var events = eventStore.readEvents(PlatformCommission.ID);
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof CommissionRateSetEvent set) {
                rate = set.basisPoints();
            }
        }
        return rate;
    }
}
