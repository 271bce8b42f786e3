package com.sharefab.command.listing;

import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import java.util.List;

/**
 * What a {@link ReserveCapacityCommand} answers: the units held, day by day and at the price locked for the order;
 * or, when none could be held, the rejection reason ({@code NO_CAPACITY}, {@code BELOW_MINIMUM_ORDER},
 * {@code LISTING_PAUSED}, {@code LISTING_WITHDRAWN}) and a message for people.
 *
 * @param listingId        the listing
 * @param orderId          the order
 * @param quantity         units asked for (and, when reserved, held)
 * @param unitPrice        the locked price; {@code null} when rejected
 * @param allocations      units per day, earliest first; empty when rejected
 * @param rejectionReason  why nothing was held; {@code null} when reserved
 * @param rejectionMessage the reason in words; {@code null} when reserved
 */
public record ReservationOutcome(
        String listingId,
        String orderId,
        long quantity,
        Money unitPrice,
        List<DayAllocation> allocations,
        String rejectionReason,
        String rejectionMessage) {

    public ReservationOutcome {
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
    }

    static ReservationOutcome reserved(
            String listingId, String orderId, long quantity, Money unitPrice, List<DayAllocation> allocations) {
        return new ReservationOutcome(listingId, orderId, quantity, unitPrice, allocations, null, null);
    }

    static ReservationOutcome rejected(
            String listingId, String orderId, long quantity, RejectionReason reason, String message) {
        return new ReservationOutcome(listingId, orderId, quantity, null, List.of(), reason.name(), message);
    }

    /** Whether the units are held. */
    public boolean isReserved() {
        return rejectionReason == null;
    }
}
