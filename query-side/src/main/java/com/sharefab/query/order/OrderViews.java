package com.sharefab.query.order;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.sharefab.events.Money;
import com.sharefab.query.graphql.ReadModelUpdates;
import com.sharefab.query.order.OrderView.Dispute;
import com.sharefab.query.order.OrderView.MaterialCustody;
import com.sharefab.query.order.OrderView.OrderMoney;
import com.sharefab.query.order.OrderView.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The order read model: one document per order in {@code order_views}, keyed by the order id, with its custody,
 * dispute, money and timeline as sub-documents. Reads are by {@code _id}, or one firm's orders in id order (real
 * MongoDB serves those from {@code {buyerFirmId, _id}} and {@code {factoryFirmId, _id}}).
 *
 * <p>Beside it, {@code buyer_unpaid_orders}: one document per buyer firm ({@code _id}) with the ids of its
 * {@linkplain #UNPAID unpaid} orders, for the cap every {@code placeOrder} checks. Counting them in
 * {@code order_views} instead scanned the whole collection on the embedded store (which ignores the
 * {@code buyerFirmId} index) at every placement, a cost that grew with every order ever placed.
 */
@Component
public class OrderViews {

    static final String COLLECTION = "order_views";
    static final String UNPAID_BY_BUYER = "buyer_unpaid_orders";

    /** Holding capacity (or reserving it) and not paid. */
    static final Set<String> UNPAID = Set.of("PLACED", "PAYMENT_DUE");

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> unpaidByBuyer;
    private final ReadModelUpdates updates;

    OrderViews(MongoDatabase database, ReadModelUpdates updates) {
        this.collection = database.getCollection(COLLECTION);
        this.unpaidByBuyer = database.getCollection(UNPAID_BY_BUYER);
        this.updates = updates;
        collection.createIndex(Indexes.ascending("buyerFirmId", "_id"), new IndexOptions().name("buyerFirmId_id"));
        collection.createIndex(Indexes.ascending("factoryFirmId", "_id"), new IndexOptions().name("factoryFirmId_id"));
    }

    /** The order with this id, if projected. */
    public Optional<OrderView> find(String orderId) {
        return Optional.ofNullable(collection.find(new Document("_id", orderId)).first()).map(OrderViews::toView);
    }

    /** The ids of the buyer firm's {@linkplain #UNPAID unpaid} orders: one read by {@code _id}. */
    Set<String> unpaidOrderIds(String buyerFirmId) {
        var doc = unpaidByBuyer.find(Filters.eq("_id", buyerFirmId)).first();
        return doc == null ? Set.of() : Set.copyOf(doc.getList("orderIds", String.class, List.of()));
    }

    /** Those of {@code orderIds} that have a view: one {@code $in} on {@code _id}, served by its index everywhere. */
    Set<String> existing(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Set.of();
        }
        var found = new HashSet<String>();
        collection.find(Filters.in("_id", Set.copyOf(orderIds))).projection(Projections.include("_id"))
                .forEach(doc -> found.add(doc.getString("_id")));
        return found;
    }

    /**
     * The order once the view applied its event with aggregate sequence {@code sequence} (or a later one), waiting at
     * most {@code timeout}; empty if it still has not.
     */
    public Optional<OrderView> awaitSequence(String orderId, long sequence, Duration timeout) {
        return Optional.ofNullable(updates.await(OrderProjection.PROCESSING_GROUP, orderId, timeout,
                () -> find(orderId).filter(v -> v.lastSequence() >= sequence).orElse(null)));
    }

    /**
     * Up to {@code limit} orders of one firm (as {@code field}: buyerFirmId or factoryFirmId), in the given statuses
     * (all if empty), due on or before {@code dueBy} (any if null), with ids after {@code afterId}, in id order.
     */
    List<OrderView> page(String field, String firmId, Collection<String> statuses, LocalDate dueBy, String afterId,
            int limit) {
        var filter = firmId == null ? new Document() : new Document(field, firmId); // null: every firm's
        if (!statuses.isEmpty()) {
            filter.append("status", new Document("$in", List.copyOf(statuses)));
        }
        if (dueBy != null) {
            filter.append("dueDate", new Document("$lte", dueBy.toString()));
        }
        if (afterId != null) {
            filter.append("_id", new Document("$gt", afterId));
        }
        return collection.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(OrderViews::toView)
                .into(new ArrayList<>());
    }

    /**
     * Writes the view (upsert by id) and wakes whoever waits for it on this node. When the order becomes unpaid or
     * stops being so, its buyer's unpaid ids change first: a crash between the two writes leaves the view at
     * {@code previous}, so the event is applied again and the idempotent {@code $addToSet} or {@code $pull} with it.
     */
    void save(OrderView previous, OrderView view) {
        boolean wasUnpaid = previous != null && UNPAID.contains(previous.status());
        boolean isUnpaid = UNPAID.contains(view.status());
        if (wasUnpaid != isUnpaid && view.buyerFirmId() != null) {
            unpaidByBuyer.updateOne(Filters.eq("_id", view.buyerFirmId()),
                    isUnpaid ? Updates.addToSet("orderIds", view.id()) : Updates.pull("orderIds", view.id()),
                    new UpdateOptions().upsert(isUnpaid));
        }
        collection.replaceOne(new Document("_id", view.id()), toDocument(view), new ReplaceOptions().upsert(true));
        touched(view.id());
    }

    void touched(String orderId) {
        updates.written(OrderProjection.PROCESSING_GROUP, orderId);
    }

    void clear() {
        collection.deleteMany(new Document());
        unpaidByBuyer.deleteMany(new Document());
    }

    // --- mapping ---------------------------------------------------------------------------------------------------

    static Document toDocument(OrderView v) {
        return new Document("_id", v.id())
                .append("buyerFirmId", v.buyerFirmId())
                .append("factoryFirmId", v.factoryFirmId())
                .append("listingId", v.listingId())
                .append("stepCode", v.stepCode())
                .append("status", v.status())
                .append("quantity", v.quantity())
                .append("windowFrom", str(v.windowFrom()))
                .append("windowTo", str(v.windowTo()))
                .append("unitPrice", money(v.unitPrice()))
                .append("amount", money(v.amount()))
                .append("inHouseUnitCost", money(v.inHouseUnitCost()))
                .append("firstProductionDay", str(v.firstProductionDay()))
                .append("dueDate", str(v.dueDate()))
                .append("payBy", date(v.payBy()))
                .append("acceptBy", date(v.acceptBy()))
                .append("confirmBy", date(v.confirmBy()))
                .append("disputeWindowEndsAt", date(v.disputeWindowEndsAt()))
                .append("goodUnits", v.goodUnits())
                .append("defectiveUnits", v.defectiveUnits())
                .append("shippedUnits", v.shippedUnits())
                .append("endReason", v.endReason())
                .append("dispute", v.dispute() == null ? null : new Document("reason", v.dispute().reason())
                        .append("unitsContested", v.dispute().unitsContested())
                        .append("refundToBuyer", money(v.dispute().refundToBuyer()))
                        .append("releaseToFactory", money(v.dispute().releaseToFactory()))
                        .append("decisionNote", v.dispute().decisionNote()))
                .append("money", new Document("captured", money(v.money().captured()))
                        .append("refunded", money(v.money().refunded()))
                        .append("released", money(v.money().released()))
                        .append("commission", money(v.money().commission()))
                        .append("settled", v.money().settled()))
                .append("materials", v.materials().stream().map(m -> new Document("material", m.material())
                        .append("planned", m.planned())
                        .append("shipped", m.shipped())
                        .append("received", m.received())
                        .append("consumed", m.consumed())
                        .append("scrapped", m.scrapped())
                        .append("returned", m.returned())).toList())
                .append("timeline", v.timeline().stream().map(t -> new Document("sequence", t.sequence())
                        .append("what", t.what())
                        .append("detail", t.detail())
                        .append("actorId", t.actorId())
                        .append("actorFirmId", t.actorFirmId())
                        .append("actorRole", t.actorRole())
                        .append("at", date(t.at()))).toList())
                .append("placedAt", date(v.placedAt()))
                .append("updatedAt", date(v.updatedAt()))
                .append("lastSequence", v.lastSequence());
    }

    static OrderView toView(Document d) {
        String id = d.getString("_id");
        var dispute = d.get("dispute", Document.class);
        var money = d.get("money", Document.class);
        return new OrderView(
                id,
                d.getString("buyerFirmId"),
                d.getString("factoryFirmId"),
                d.getString("listingId"),
                d.getString("stepCode"),
                d.getString("status"),
                d.getLong("quantity"),
                day(d.getString("windowFrom")),
                day(d.getString("windowTo")),
                money(d.get("unitPrice", Document.class)),
                money(d.get("amount", Document.class)),
                money(d.get("inHouseUnitCost", Document.class)),
                day(d.getString("firstProductionDay")),
                day(d.getString("dueDate")),
                instant(d.getDate("payBy")),
                instant(d.getDate("acceptBy")),
                instant(d.getDate("confirmBy")),
                instant(d.getDate("disputeWindowEndsAt")),
                d.getLong("goodUnits"),
                d.getLong("defectiveUnits"),
                d.getLong("shippedUnits"),
                d.getString("endReason"),
                dispute == null ? null : new Dispute(id + ":dispute", dispute.getString("reason"),
                        dispute.getLong("unitsContested"), money(dispute.get("refundToBuyer", Document.class)),
                        money(dispute.get("releaseToFactory", Document.class)), dispute.getString("decisionNote")),
                new OrderMoney(id + ":money", money(money.get("captured", Document.class)),
                        money(money.get("refunded", Document.class)), money(money.get("released", Document.class)),
                        money(money.get("commission", Document.class)), money.getBoolean("settled")),
                d.getList("materials", Document.class).stream().map(m -> new MaterialCustody(
                        id + ":" + m.getString("material"), m.getString("material"), m.getLong("planned"),
                        m.getLong("shipped"), m.getLong("received"), m.getLong("consumed"), m.getLong("scrapped"),
                        m.getLong("returned"))).toList(),
                d.getList("timeline", Document.class).stream().map(t -> new TimelineEntry(
                        id + ":" + t.getLong("sequence"), t.getLong("sequence"), t.getString("what"),
                        t.getString("detail"), t.getString("actorId"), t.getString("actorFirmId"),
                        t.getString("actorRole"), instant(t.getDate("at")))).toList(),
                instant(d.getDate("placedAt")),
                instant(d.getDate("updatedAt")),
                d.getLong("lastSequence"));
    }

    private static Document money(Money money) {
        return money == null ? null : new Document("fen", money.fen()).append("currency", money.currency());
    }

    private static Money money(Document document) {
        return document == null ? null : new Money(document.getLong("fen"), document.getString("currency"));
    }

    private static String str(LocalDate day) {
        return day == null ? null : day.toString();
    }

    private static LocalDate day(String day) {
        return day == null ? null : LocalDate.parse(day);
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
