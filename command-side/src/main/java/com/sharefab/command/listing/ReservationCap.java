package com.sharefab.command.listing;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.query.listing.UnpaidReservations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The cap on a buyer's unpaid reservations ({@code sharefab.reservations.max-unpaid-per-buyer}), so nobody hoards a
 * factory's calendar: {@code reserveCapacity} checks it before it reserves, and order placement (issue 4) calls
 * {@link #check} before it places an order. A retry of a reservation already held never counts twice. The count
 * comes from a read model, so a burst of parallel reservations may pass the cap by a few; it bounds hoarding, it is
 * not a ledger.
 */
@Component
public class ReservationCap {

    private final UnpaidReservations unpaid;
    private final long max;

    ReservationCap(UnpaidReservations unpaid, @Value("${sharefab.reservations.max-unpaid-per-buyer:20}") long max) {
        this.unpaid = unpaid;
        this.max = max;
    }

    /** Fails with {@code UNPAID_RESERVATION_LIMIT} when the buyer's firm already holds the most it may. */
    public void check(Actor buyer, String listingId, String orderId) {
        if (buyer.firmId() == null || unpaid.holds(buyer.firmId(), listingId, orderId)) {
            return;
        }
        long held = unpaid.count(buyer.firmId());
        if (held >= max) {
            throw new DomainException(ListingErrorCode.UNPAID_RESERVATION_LIMIT,
                    "your firm holds " + held + " unpaid reservations, the most it may; pay or release one first");
        }
    }
}
