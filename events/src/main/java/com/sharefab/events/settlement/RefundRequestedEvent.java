package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Money left escrow to be refunded by the provider under {@code refundId} (its idempotency key); confirmed by a
 * {@link PaymentRefundedEvent} with the same id.
 *
 * @param settlementId      the settlement
 * @param orderId           the order
 * @param refundId          the id of the refund operation
 * @param providerPaymentId the captured payment refunded
 * @param amount            to refund
 * @param reason            as in {@link PaymentRefundedEvent}
 * @param requestedAt       business time
 */
@Revision("1")
public record RefundRequestedEvent(
        String settlementId,
        String orderId,
        String refundId,
        String providerPaymentId,
        Money amount,
        String reason,
        Instant requestedAt)
        implements SettlementEvent {}
