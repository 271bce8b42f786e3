package com.sharefab.command.payment;

import com.sharefab.events.Money;
import java.util.List;

/**
 * The payment provider, as the platform needs it. Every call carries the operation's id as its idempotency key: the
 * same on every retry of the operation, never regenerated, so a call the provider executed but whose answer was
 * lost is answered again, not executed again. Failures are {@code DomainException}s with a
 * {@link PaymentErrorCode}.
 */
public interface PaymentProvider {

    /** Creates the payment {@code paymentId} (the idempotency key and the reference its notification carries). */
    ProviderPayment createPayment(String paymentId, Money amount, String notifyUrl);

    /** Refunds {@code amount} of a captured payment; answers the provider's refund id. */
    String refund(String refundId, String providerPaymentId, Money amount);

    /** Pays {@code amount} out to a firm; answers the provider's payout id. */
    String payout(String payoutId, String payeeFirmId, Money amount);

    /** Every record the provider keeps for us, for reconciliation. */
    List<ProviderRecord> records();

    /**
     * What the phone needs to pay.
     *
     * @param providerPaymentId the provider's id of the payment
     * @param payUrl            where the buyer pays (in the sandbox: one POST)
     * @param payToken          the token the pay URL carries
     */
    record ProviderPayment(String providerPaymentId, String payUrl, String payToken) {}

    /**
     * One provider record.
     *
     * @param type           PAYMENT, REFUND or PAYOUT
     * @param id             the provider's id
     * @param idempotencyKey our operation id
     * @param reference      payment: our reference; refund: the payment; payout: the payee
     * @param amount         paid (0 until paid), refunded or paid out
     * @param status         CREATED, PAID or SUCCEEDED
     */
    record ProviderRecord(String type, String id, String idempotencyKey, String reference, Money amount, String status) {}
}
