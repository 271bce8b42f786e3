package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The provider refunded money from escrow to the buyer.
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param refundId     the id of the refund operation (idempotency)
 * @param amount       refunded by this operation
 * @param reason       why, e.g. {@code FACTORY_REJECTED}, {@code ACCEPT_TIMEOUT}, {@code BUYER_CANCELLED},
 *                     {@code DISPUTE_SPLIT}, {@code PAID_AFTER_CANCEL}
 * @param refundedAt   business time
 */
@Revision("1")
public record PaymentRefundedEvent(
        String settlementId, String orderId, String refundId, Money amount, String reason, Instant refundedAt)
        implements SettlementEvent {}
