package com.sharefab.query.settlement;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.sharefab.events.Money;
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
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The settlement read model: one document per settlement in {@code settlement_views}, keyed by the settlement id,
 * folded event by event; an event at or below the document's {@code lastSequence} is skipped (redelivery).
 */
@Component
public class SettlementViews {

    static final String COLLECTION = "settlement_views";

    private final MongoCollection<Document> collection;
    private final ReadModelUpdates updates;

    SettlementViews(MongoDatabase database, ReadModelUpdates updates) {
        this.collection = database.getCollection(COLLECTION);
        this.updates = updates;
    }

    /** The settlement of order {@code orderId}, if projected. */
    public Optional<SettlementView> findByOrder(String orderId) {
        return find(SettlementIds.forOrder(orderId));
    }

    /** The settlement with this id, if projected. */
    public Optional<SettlementView> find(String settlementId) {
        return Optional.ofNullable(collection.find(new Document("_id", settlementId)).first())
                .map(SettlementViews::toView);
    }

    /** The settlement once the event with {@code sequence} was projected; empty if not within {@code timeout}. */
    public Optional<SettlementView> awaitSequence(String settlementId, long sequence, Duration timeout) {
        return Optional.ofNullable(updates.await("settlement:" + settlementId, timeout, () -> {
            var document = collection.find(new Document("_id", settlementId)).first();
            return document != null && document.getLong("lastSequence") >= sequence ? toView(document) : null;
        }));
    }

    void apply(SettlementEvent event, long sequence, Instant at) {
        var document = collection.find(new Document("_id", event.settlementId())).first();
        if (document == null) {
            if (!(event instanceof SettlementOpenedEvent)) {
                return; // cannot happen in order; ignore rather than invent a settlement
            }
            document = new Document("_id", event.settlementId());
        } else if (document.getLong("lastSequence") >= sequence) {
            return; // applied already
        }
        fold(document, event);
        document.put("lastSequence", sequence);
        document.put("updatedAt", Date.from(at));
        collection.replaceOne(new Document("_id", event.settlementId()), document, new ReplaceOptions().upsert(true));
        updates.written("settlement:" + event.settlementId());
    }

    void clear() {
        collection.deleteMany(new Document());
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

    private static SettlementView toView(Document d) {
        String currency = d.getString("currency");
        long captured = d.getLong("captured");
        long held = captured - d.getLong("released") - d.getLong("commission") - d.getLong("refunded")
                - d.getLong("refundsInFlight");
        return new SettlementView(
                d.getString("_id"),
                d.getString("orderId"),
                d.getString("buyerFirmId"),
                d.getString("factoryFirmId"),
                new Money(d.getLong("amountFen"), currency),
                d.getInteger("commissionBasisPoints"),
                d.getString("status"),
                d.getString("paymentId"),
                d.getString("providerPaymentId"),
                new Money(captured, currency),
                new Money(held, currency),
                new Money(d.getLong("released"), currency),
                new Money(d.getLong("commission"), currency),
                new Money(d.getLong("refunded"), currency),
                new Money(d.getLong("refundsInFlight"), currency),
                new Money(d.getLong("paidOut"), currency),
                new Money(d.getLong("payoutsInFlight"), currency),
                d.getInteger("rejectedNotifications"),
                d.getDate("openedAt").toInstant(),
                d.getDate("updatedAt").toInstant());
    }
}
