package com.sharefab.query.order;

import com.sharefab.query.listing.ReservationHolds;
import com.sharefab.query.listing.UnpaidReservations;
import java.util.Objects;
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

    private final OrderViews orders;
    private final ReservationHolds reservations;

    OrderUnpaidReservations(OrderViews orders, ReservationHolds reservations) {
        this.orders = orders;
        this.reservations = reservations;
    }

    /** Three reads by {@code _id}, whatever the number of orders in the store (the cap is checked at every placement). */
    @Override
    public long count(String buyerFirmId) {
        var reserved = reservations.orderIds(buyerFirmId);
        var withOrder = orders.existing(reserved);
        long withoutOrder = reserved.stream().filter(orderId -> !withOrder.contains(orderId)).count();
        return orders.unpaidOrderIds(buyerFirmId).size() + withoutOrder;
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
