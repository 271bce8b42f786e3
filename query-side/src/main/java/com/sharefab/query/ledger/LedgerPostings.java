package com.sharefab.query.ledger;

import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import com.sharefab.events.settlement.SettlementEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The posting rules: which ledger lines a settlement event makes. Every entry is balanced (its lines sum to zero
 * per currency); a line's amount is positive where value flows into the account and negative where it leaves.
 *
 * <pre>
 * payment captured      buyer            → escrow              the amount
 * refund requested      escrow           → provider clearing   the refund (in the provider's hands)
 * payment refunded      provider clearing → buyer              the refund (back with the buyer)
 * escrow released       escrow           → factory payable     less commission
 *                       escrow           → platform commission the commission
 * payout requested      factory payable  → provider clearing   the payout (in the provider's hands)
 * factory paid out      provider clearing → factory            the payout (with the factory)
 * </pre>
 *
 * So a buyer's balance is minus what it paid in net of refunds, a factory's is what it was paid out, escrow holds
 * what is held, provider clearing what the provider was told to move and has not confirmed, and the sum of all
 * balances (the trial balance) is zero per currency. Other events move no money.
 */
public final class LedgerPostings {

    private LedgerPostings() {}

    /**
     * One balanced entry.
     *
     * @param kind        the event's kind, e.g. {@code PAYMENT_CAPTURED}
     * @param operationId the operation it books: provider payment id, refund id, release id, payout id
     * @param lines       the lines; they sum to zero
     */
    public record Entry(String kind, String operationId, List<Line> lines) {}

    /** One line: an amount into (positive) or out of (negative) an account; firm accounts name the firm. */
    public record Line(LedgerAccount account, String firmId, Money amount) {}

    /** The entry an event makes, or none. */
    public static List<Entry> of(SettlementEvent event, String buyerFirmId, String factoryFirmId) {
        var entries = new ArrayList<Entry>();
        if (event instanceof PaymentCapturedEvent e) {
            entries.add(transfer("PAYMENT_CAPTURED", e.providerPaymentId(), e.amount(),
                    LedgerAccount.BUYER, buyerFirmId, LedgerAccount.ESCROW, null));
        } else if (event instanceof RefundRequestedEvent e) {
            entries.add(transfer("REFUND_REQUESTED", e.refundId(), e.amount(),
                    LedgerAccount.ESCROW, null, LedgerAccount.PROVIDER_CLEARING, null));
        } else if (event instanceof PaymentRefundedEvent e) {
            entries.add(transfer("PAYMENT_REFUNDED", e.refundId(), e.amount(),
                    LedgerAccount.PROVIDER_CLEARING, null, LedgerAccount.BUYER, buyerFirmId));
        } else if (event instanceof EscrowReleasedEvent e) {
            var released = e.toFactory().plus(e.commission());
            entries.add(new Entry("ESCROW_RELEASED", e.releaseId(), List.of(
                    new Line(LedgerAccount.ESCROW, null, negate(released)),
                    new Line(LedgerAccount.FACTORY_PAYABLE, factoryFirmId, e.toFactory()),
                    new Line(LedgerAccount.PLATFORM_COMMISSION, null, e.commission()))));
        } else if (event instanceof PayoutRequestedEvent e) {
            entries.add(transfer("PAYOUT_REQUESTED", e.payoutId(), e.amount(),
                    LedgerAccount.FACTORY_PAYABLE, factoryFirmId, LedgerAccount.PROVIDER_CLEARING, null));
        } else if (event instanceof FactoryPaidOutEvent e) {
            entries.add(transfer("FACTORY_PAID_OUT", e.payoutId(), e.amount(),
                    LedgerAccount.PROVIDER_CLEARING, null, LedgerAccount.FACTORY, factoryFirmId));
        }
        return entries;
    }

    private static Entry transfer(
            String kind, String operationId, Money amount,
            LedgerAccount from, String fromFirm, LedgerAccount to, String toFirm) {
        return new Entry(kind, operationId, List.of(new Line(from, fromFirm, negate(amount)), new Line(to, toFirm, amount)));
    }

    private static Money negate(Money money) {
        return new Money(Math.negateExact(money.fen()), money.currency());
    }
}
