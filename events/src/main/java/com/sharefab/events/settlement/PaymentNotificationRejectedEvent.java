package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A verified provider notification was not taken as a capture (wrong amount or currency, or the settlement was
 * already paid by another payment): nothing was captured; reconciliation shows the provider's record.
 *
 * @param settlementId      the settlement
 * @param orderId           the order
 * @param notificationId    the provider's id of the notification (idempotency)
 * @param providerPaymentId the provider's id of the payment
 * @param amount            what the notification said was paid
 * @param reason            {@code AMOUNT_MISMATCH} or {@code ALREADY_PAID}
 * @param rejectedAt        business time
 */
@Revision("1")
public record PaymentNotificationRejectedEvent(
        String settlementId,
        String orderId,
        String notificationId,
        String providerPaymentId,
        Money amount,
        String reason,
        Instant rejectedAt)
        implements SettlementEvent {}
