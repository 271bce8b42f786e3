package com.sharefab.query.settlement;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.SettlementEvent;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.time.Instant;
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
        return Optional.ofNullable(updates.await(SettlementProjection.PROCESSING_GROUP, settlementId, timeout, () -> {
            var document = collection.find(new Document("_id", settlementId)).first();
            return document != null && document.getLong("lastSequence") >= sequence ? toView(document) : null;
        }));
    }

    void apply(SettlementEvent event, long sequence, Instant at) {
        var current = collection.find(new Document("_id", event.settlementId())).first();
        var next = SettlementFold.apply(current, event, sequence, at);
        if (next == null) {
            return; // applied already, or not opened
        }
        collection.replaceOne(new Document("_id", event.settlementId()), next, new ReplaceOptions().upsert(true));
        updates.written(SettlementProjection.PROCESSING_GROUP, event.settlementId());
    }

    void clear() {
        collection.deleteMany(new Document());
    }

    static SettlementView toView(Document d) {
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
