package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The provider confirmed (in a verified notification) that the buyer paid the full amount; it is held in escrow.
 *
 * @param settlementId      the settlement
 * @param orderId           the order
 * @param providerPaymentId the provider's id of the payment
 * @param amount            what was captured, equal to the settlement's amount
 * @param capturedAt        business time
 */
@Revision("1")
public record PaymentCapturedEvent(
        String settlementId, String orderId, String providerPaymentId, Money amount, Instant capturedAt)
        implements SettlementEvent {}
