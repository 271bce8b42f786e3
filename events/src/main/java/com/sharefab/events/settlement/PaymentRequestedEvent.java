package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The buyer asked to pay: a payment was created at the provider under {@code paymentId}, our reference and the
 * idempotency key of the provider call. Nothing moved yet.
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param paymentId    our id of the payment ({@code settlementId + ":payment"}), the provider's idempotency key
 * @param amount       what the buyer is asked to pay
 * @param requestedAt  business time
 */
@Revision("1")
public record PaymentRequestedEvent(
        String settlementId, String orderId, String paymentId, Money amount, Instant requestedAt)
        implements SettlementEvent {}
