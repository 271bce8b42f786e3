package com.sharefab.query.settlement;

import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.EscrowSplitEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentNotificationRejectedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.PaymentRequestedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import com.sharefab.events.settlement.SettlementCancelledEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import com.sharefab.events.settlement.SettlementEvent;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * How each settlement event changes a {@code settlement_views} document: a pure function of the document before
 * (never changed) and the event, used by the live {@link SettlementViews} and by {@link SettlementHistory}.
 */
final class SettlementFold {

    private SettlementFold() {}

    /**
     * The document after {@code event}; null when the event changes nothing: at or below the document's
     * {@code lastSequence} (redelivery), or before the settlement was opened.
     */
    static Document apply(Document current, SettlementEvent event, long sequence, Instant at) {
        Document document;
        if (current == null) {
            if (!(event instanceof SettlementOpenedEvent)) {
                return null; // cannot happen in order; ignore rather than invent a settlement
            }
            document = new Document("_id", event.settlementId());
        } else if (current.getLong("lastSequence") >= sequence) {
            return null; // applied already
        } else {
            document = new Document(current);
        }
        fold(document, event);
        document.put("lastSequence", sequence);
        document.put("updatedAt", Date.from(at));
        return document;
    }

    private static void fold(Document d, SettlementEvent event) {
        if (event instanceof SettlementOpenedEvent e) {
            d.put("orderId", e.orderId());
            d.put("buyerFirmId", e.buyerFirmId());
            d.put("factoryFirmId", e.factoryFirmId());
            d.put("amountFen", e.amount().fen());
            d.put("currency", e.amount().currency());
            d.put("commissionBasisPoints", e.commissionBasisPoints());
            d.put("status", "PAYMENT_DUE");
            d.put("openedAt", Date.from(e.openedAt()));
            for (String field : new String[] {
                "captured", "released", "commission", "refunded", "refundsInFlight", "paidOut", "payoutsInFlight"
            }) {
                d.put(field, 0L);
            }
            d.put("rejectedNotifications", 0);
            d.put("cancelled", false);
        } else if (event instanceof PaymentRequestedEvent e) {
            d.put("paymentId", e.paymentId());
            if ("PAYMENT_DUE".equals(d.getString("status"))) {
                d.put("status", "PAYMENT_REQUESTED");
            }
        } else if (event instanceof PaymentCapturedEvent e) {
            d.put("providerPaymentId", e.providerPaymentId());
            add(d, "captured", e.amount().fen());
            d.put("status", d.getBoolean("cancelled") ? "SETTLING" : "PAID");
        } else if (event instanceof PaymentNotificationRejectedEvent e) {
            d.put("rejectedNotifications", d.getInteger("rejectedNotifications") + 1);
        } else if (event instanceof SettlementCancelledEvent e) {
            d.put("cancelled", true);
            d.put("status", d.getLong("captured") == 0 ? "CANCELLED" : "SETTLING");
        } else if (event instanceof RefundRequestedEvent e) {
            add(d, "refundsInFlight", e.amount().fen());
            d.put("status", "SETTLING");
        } else if (event instanceof PaymentRefundedEvent e) {
            add(d, "refundsInFlight", -e.amount().fen());
            add(d, "refunded", e.amount().fen());
        } else if (event instanceof EscrowSplitEvent e) {
            d.put("status", "SETTLING");
        } else if (event instanceof EscrowReleasedEvent e) {
            add(d, "released", e.toFactory().fen());
            add(d, "commission", e.commission().fen());
            d.put("status", "SETTLING");
        } else if (event instanceof PayoutRequestedEvent e) {
            add(d, "payoutsInFlight", e.amount().fen());
        } else if (event instanceof FactoryPaidOutEvent e) {
            add(d, "payoutsInFlight", -e.amount().fen());
            add(d, "paidOut", e.amount().fen());
        } else if (event instanceof SettlementClosedEvent e) {
            d.put("status", d.getLong("captured") == 0 ? "CANCELLED" : "CLOSED");
        }
    }

    private static void add(Document d, String field, long fen) {
        d.put(field, Math.addExact(d.getLong(field), fen));
    }

}
