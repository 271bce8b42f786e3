package com.sharefab.command.settlement;

import com.sharefab.events.Money;

/**
 * What the provider is asked to collect for a settlement.
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param paymentId    our id of the payment: the provider's idempotency key and the reference its notification
 *                     carries back
 * @param buyerFirmId  who pays
 * @param amount       how much
 */
public record PaymentOrder(String settlementId, String orderId, String paymentId, String buyerFirmId, Money amount) {}
