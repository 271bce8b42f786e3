package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The order ended before the factory accepted it; its capacity is given back and its money refunded if paid.
 *
 * @param orderId     the order
 * @param reason      {@code PAYMENT_TIMEOUT} or {@code BUYER_CANCELLED}
 * @param paid        whether the payment was already in escrow (then it is refunded)
 * @param cancelledAt business time
 */
@Revision("1")
public record OrderCancelledEvent(String orderId, String reason, boolean paid, Instant cancelledAt)
        implements OrderEvent {}
