package com.sharefab.query.order;

import com.sharefab.query.listing.ReservationHolds;
import com.sharefab.query.listing.UnpaidReservations;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The unpaid reservations of a buyer firm now that orders know which are paid: its orders that hold capacity (or are
 * about to: placed, reservation under way) and whose payment was not captured, plus the capacity it reserved directly
 * ({@code reserveCapacity}) for no order. Replaces the listing feature's count of live reservations, which also
 * counted paid orders until their capacity was consumed. Read from read models, so a burst of parallel placements may
 * pass the cap by a few.
 */
@Primary
@Component
class OrderUnpaidReservations implements UnpaidReservations {

    /** Holding capacity (or reserving it) and not paid. */
    static final Set<String> UNPAID = Set.of("PLACED", "PAYMENT_DUE");

    private final OrderViews orders;
    private final ReservationHolds reservations;

    OrderUnpaidReservations(OrderViews orders, ReservationHolds reservations) {
        this.orders = orders;
        this.reservations = reservations;
    }

    @Override
    public long count(String buyerFirmId) {
        long withoutOrder = reservations.orderIds(buyerFirmId).stream()
                .filter(orderId -> orders.find(orderId).isEmpty())
                .count();
        return orders.countByBuyer(buyerFirmId, UNPAID) + withoutOrder;
    }

    /**
     * A retry of an order this buyer already placed on this listing, whatever its status, or of a reservation it
     * already holds: it adds no hold.
     */
    @Override
    public boolean holds(String buyerFirmId, String listingId, String orderId) {
        return orders.find(orderId)
                        .filter(order -> Objects.equals(order.buyerFirmId(), buyerFirmId)
                                && Objects.equals(order.listingId(), listingId))
                        .isPresent()
                || reservations.holds(buyerFirmId, listingId, orderId);
    }
}
