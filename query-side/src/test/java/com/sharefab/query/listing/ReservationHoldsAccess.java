package com.sharefab.query.listing;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;

/** {@link ReservationHolds} for tests of other read models (its constructor and handlers are package-private). */
public final class ReservationHoldsAccess {

    private final ReservationHolds holds;

    public ReservationHoldsAccess(MongoDatabase database) {
        this.holds = new ReservationHolds(database);
    }

    public ReservationHolds holds() {
        return holds;
    }

    public void on(CapacityReservedEvent event, String buyerFirmId) {
        holds.on(event, buyerFirmId);
    }

    public void on(CapacityReleasedEvent event) {
        holds.on(event);
    }

    public void on(CapacityConsumedEvent event) {
        holds.on(event);
    }

    public void reset() {
        holds.reset();
    }
}
