package com.sharefab.command.payment;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory provider for the scenario test, with the faults that matter to money: down (nothing executed), or a
 * lost response (executed, the caller hears a failure). Idempotent by key like the sandbox; refunds never exceed
 * what was paid.
 */
final class ScenarioProvider implements PaymentProvider {

    boolean down;
    boolean loseNextResponse;

    final Map<String, Object[]> byKey = new HashMap<>();
    final Map<String, Integer> executions = new HashMap<>();
    final Map<String, long[]> payments = new HashMap<>(); // provider id -> {amount, paid, refunded}
    final Map<String, String> paymentReference = new HashMap<>();
    long paidOut;
    private int sequence;

    @Override
    public ProviderPayment createPayment(String paymentId, Money amount, String notifyUrl) {
        return (ProviderPayment) call("payment", paymentId, List.of(amount), () -> {
            String id = "pay_" + (++sequence);
            payments.put(id, new long[] {amount.fen(), 0, 0});
            paymentReference.put(id, paymentId);
            return new ProviderPayment(id, "sandbox://pay/" + id, "token-" + id);
        });
    }

    @Override
    public String refund(String refundId, String providerPaymentId, Money amount) {
        return (String) call("refund", refundId, List.of(providerPaymentId, amount), () -> {
            long[] payment = payments.get(providerPaymentId);
            if (payment == null || payment[2] + amount.fen() > payment[1]) {
                throw new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_REFUSED, "refund above what was paid");
            }
            payment[2] += amount.fen();
            return "rfd_" + (++sequence);
        });
    }

    @Override
    public String payout(String payoutId, String payeeFirmId, Money amount) {
        return (String) call("payout", payoutId, List.of(payeeFirmId, amount), () -> {
            paidOut += amount.fen();
            return "po_" + (++sequence);
        });
    }

    @Override
    public List<ProviderRecord> records() {
        return new ArrayList<>();
    }

    /** The buyer pays {@code fen} of a payment (once). */
    void pay(String providerPaymentId, long fen) {
        long[] payment = payments.get(providerPaymentId);
        if (payment[1] == 0) {
            payment[1] = fen;
        }
    }

    private Object call(String operation, String key, List<Object> request, java.util.function.Supplier<Object> execute) {
        if (down) {
            throw new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, "down");
        }
        String storeKey = operation + " " + key;
        Object[] stored = byKey.get(storeKey);
        Object answer;
        if (stored != null) {
            if (!stored[0].equals(request)) {
                throw new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_REFUSED, "409 " + key);
            }
            answer = stored[1];
        } else {
            answer = execute.get();
            byKey.put(storeKey, new Object[] {request, answer});
            executions.merge(storeKey, 1, Integer::sum);
        }
        if (loseNextResponse) {
            loseNextResponse = false;
            throw new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, "response lost");
        }
        return answer;
    }
}
