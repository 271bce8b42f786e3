package com.sharefab.command.payment;

import com.sharefab.events.Money;

/**
 * What the phone needs to pay an order (GraphQL {@code PayOrderPayload}).
 *
 * @param orderId           the order
 * @param settlementId      its settlement
 * @param paymentId         our id of the payment
 * @param providerPaymentId the provider's
 * @param payUrl            where the buyer pays
 * @param payToken          the token the pay URL carries
 * @param amount            how much
 */
public record PaymentInstructions(
        String orderId,
        String settlementId,
        String paymentId,
        String providerPaymentId,
        String payUrl,
        String payToken,
        Money amount) {}
