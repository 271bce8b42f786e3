package com.sharefab.sandbox;

/**
 * One operation the sandbox executed, as its reconciliation listing shows it.
 *
 * @param type           PAYMENT, REFUND or PAYOUT
 * @param id             the sandbox's id (providerPaymentId, providerRefundId, providerPayoutId)
 * @param idempotencyKey the key the merchant sent (our operation id)
 * @param reference      for a payment the merchant's reference, for a refund the payment refunded, for a payout
 *                       the payee
 * @param amountFen      for a payment: what the buyer paid (0 until paid)
 * @param currency       ISO 4217
 * @param status         CREATED or PAID (payments), SUCCEEDED (refunds, payouts)
 * @param at             when it was executed (ISO-8601)
 */
public record SandboxRecord(
        String type,
        String id,
        String idempotencyKey,
        String reference,
        long amountFen,
        String currency,
        String status,
        String at) {}
