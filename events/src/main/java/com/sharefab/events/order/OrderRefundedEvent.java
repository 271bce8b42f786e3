package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Money went back from escrow to the buyer (recorded from the settlement, for the order's timeline).
 *
 * @param orderId    the order
 * @param refundId   the settlement's refund operation
 * @param amount     refunded
 * @param reason     the settlement's reason, e.g. {@code FACTORY_REJECTED}
 * @param refundedAt business time of the refund
 */
@Revision("1")
public record OrderRefundedEvent(String orderId, String refundId, Money amount, String reason, Instant refundedAt)
        implements OrderEvent {}
