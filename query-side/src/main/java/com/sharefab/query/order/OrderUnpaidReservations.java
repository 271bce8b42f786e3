package com.sharefab.query.order;

import com.sharefab.query.listing.UnpaidReservations;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The unpaid reservations of a buyer firm now that orders know which are paid: its orders that hold capacity (or are
 * about to: placed, reservation under way) and whose payment was not captured. Replaces the listing feature's
 * count of live reservations, which also counted paid orders until their capacity was consumed. Read from the order
 * read model, so a burst of parallel placements may pass the cap by a few.
 */
@Primary
@Component
class OrderUnpaidReservations implements UnpaidReservations {

    /** Holding capacity (or reserving it) and not paid. */
    static final Set<String> UNPAID = Set.of("PLACED", "PAYMENT_DUE");

    private final OrderViews orders;

    OrderUnpaidReservations(OrderViews orders) {
        this.orders = orders;
    }

    @Override
    public long count(String buyerFirmId) {
        return orders.countByBuyer(buyerFirmId, UNPAID);
    }

    /** A retry of an order this buyer already placed on this listing: it adds no hold, whatever its status. */
    @Override
    public boolean holds(String buyerFirmId, String listingId, String orderId) {
        return orders.find(orderId)
                .filter(order -> Objects.equals(order.buyerFirmId(), buyerFirmId)
                        && Objects.equals(order.listingId(), listingId))
                .isPresent();
    }
}
