package com.sharefab.command.order;

import com.sharefab.events.Money;

/**
 * The one rule for what an order asks the buyer to pay: the order records it with its reservation and the booking saga
 * opens the settlement for it just before, so the two must never compute it apart.
 */
public final class OrderAmounts {

    private OrderAmounts() {}

    /** What the buyer pays for {@code quantity} units reserved at {@code unitPrice}. */
    public static Money due(Money unitPrice, long quantity) {
        return unitPrice.times(quantity);
    }
}
