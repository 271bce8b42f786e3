package com.sharefab.query.listing;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.sharefab.events.Money;
import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The listing read model: one document per listing in {@code listing_views}, keyed by the listing id, with the
 * units reserved per day as a sub-document keyed by ISO date (only days that hold any). Every read here is by
 * {@code _id} (an index lookup on MongoDB and on mongo-java-server alike) except {@link #pageOfFactory}, which real
 * MongoDB serves from {@code {factoryFirmId, _id}}; the catalog search does not query this collection (see
 * {@link ListingCatalog} and ADR 0005).
 */
@Component
public class ListingViews {

    static final String COLLECTION = "listing_views";
    static final String FACTORY_INDEX = "factoryFirmId_id";
    static final String CAS_INDEX = "id_lastSequence";

    private final MongoCollection<Document> collection;
    private final ReadModelUpdates updates;

    ListingViews(MongoDatabase database, ReadModelUpdates updates) {
        this.collection = database.getCollection(COLLECTION);
        this.updates = updates;
        ensureIndexes();
    }

    /** How many listings are in each status (by {@link ListingStatus} name), for the listings-by-status gauge. */
    public Map<String, Long> countByStatus() {
        var counts = new HashMap<String, Long>();
        collection.aggregate(List.of(Aggregates.group("$status", Accumulators.sum("count", 1))))
                .forEach(group -> counts.put(group.getString("_id"), ((Number) group.get("count")).longValue()));
        return counts;
    }

    /** The listing with this id, if projected. */
    public Optional<ListingView> find(String listingId) {
        return Optional.ofNullable(collection.find(new Document("_id", listingId)).first()).map(ListingViews::toView);
    }

    /**
     * The listing once the view applied its event with aggregate sequence {@code sequence} (or a later one), waiting
     * at most {@code timeout}; empty if it still has not. Wakes on this node's projection and polls for another's.
     */
    public Optional<ListingView> awaitSequence(String listingId, long sequence, Duration timeout) {
        return Optional.ofNullable(updates.await(ListingProjection.PROCESSING_GROUP, listingId,
                timeout,
                () -> find(listingId).filter(view -> view.lastSequence() >= sequence).orElse(null)));
    }

    /** The listings with these ids that are projected, in the order of {@code ids}: one {@code $in} on {@code _id}. */
    List<ListingView> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var byId = new HashMap<String, ListingView>();
        collection.find(in("_id", ids)).forEach(document -> byId.put(document.getString("_id"), toView(document)));
        return ids.stream().distinct().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** Up to {@code limit} listings of one factory with ids after {@code afterId} (all if null), in id order. */
    List<ListingView> pageOfFactory(String factoryFirmId, String afterId, int limit) {
        var filter = new Document("factoryFirmId", factoryFirmId);
        if (afterId != null) {
            filter.append("_id", new Document("$gt", afterId));
        }
        return collection.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(ListingViews::toView)
                .into(new ArrayList<>());
    }

    /** Every listing, in no particular order (the catalog's load). */
    void forEach(Consumer<ListingView> consumer) {
        collection.find().batchSize(1_000).forEach(document -> consumer.accept(toView(document)));
    }

    /** Writes the view of a listing (upsert by id) and wakes whoever waits for it. */
    void save(ListingView view) {
        write(view);
        touched(view.id());
    }

    /** Writes the view of a listing (upsert by id) without waking anyone yet; unconditional (tests, seeding). */
    void write(ListingView view) {
        collection.replaceOne(new Document("_id", view.id()), toDocument(view), new ReplaceOptions().upsert(true));
    }

    /**
     * Writes {@code view} only if the stored view is still the one it was folded from: at aggregate sequence
     * {@code previousSequence}, or absent when that is null. Answers false when another writer got there first (a
     * segment handed over between two nodes mid-batch), so a stale fold never overwrites a newer view.
     *
     * <p>The filter is exact equality on {@code {_id, lastSequence}}, which the unique index {@value #CAS_INDEX}
     * serves on mongo-java-server too (it uses a unique index only for exact equality on all its keys); real MongoDB
     * uses either index.
     */
    boolean writeIfUnchanged(ListingView view, Long previousSequence) {
        var document = toDocument(view);
        try {
            if (previousSequence == null) {
                collection.insertOne(document);
                return true;
            }
            return collection.replaceOne(
                                    new Document("_id", view.id()).append("lastSequence", previousSequence), document)
                            .getMatchedCount()
                    == 1;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Wakes whoever waits for this listing, when an event was already applied. */
    void touched(String listingId) {
        updates.written(ListingProjection.PROCESSING_GROUP, listingId);
    }

    void clear() {
        collection.deleteMany(new Document());
    }

    /**
     * The one secondary index, for a factory's own listings in id order. Real MongoDB uses it; mongo-java-server
     * ignores non-unique indexes and scans (fine for a page of one factory's listings).
     */
    void ensureIndexes() {
        collection.createIndex(
                Indexes.ascending("factoryFirmId", "_id"), new IndexOptions().name(FACTORY_INDEX));
        collection.createIndex(
                Indexes.ascending("_id", "lastSequence"), new IndexOptions().name(CAS_INDEX).unique(true));
    }

    static Document toDocument(ListingView view) {
        var reserved = new Document();
        view.reserved().forEach((day, units) -> reserved.append(day.toString(), units));
        return new Document("_id", view.id())
                .append("factoryFirmId", view.factoryFirmId())
                .append("stepCode", view.stepCode())
                .append("industryCode", StepTaxonomy.step(view.stepCode()).map(Step::industryCode).orElse(null))
                .append("unit", view.unit())
                .append("unitPriceFen", view.unitPrice().fen())
                .append("currency", view.unitPrice().currency())
                .append("minOrderQuantity", view.minOrderQuantity())
                .append("dailyCapacity", view.dailyCapacity())
                .append("bookableFrom", view.bookableFrom().toString())
                .append("bookableTo", view.bookableTo().toString())
                .append("closedDays", view.closedDays().stream().map(LocalDate::toString).toList())
                .append("leadTimeDays", view.leadTimeDays())
                .append("province", view.province())
                .append("city", view.city())
                .append("requiredMaterials", view.requiredMaterials())
                .append("qualityStandard", view.qualityStandard())
                .append("status", view.status().name())
                .append("reserved", reserved)
                .append("publishedAt", Date.from(view.publishedAt()))
                .append("lastSequence", view.lastSequence());
    }

    static ListingView toView(Document document) {
        var reserved = new TreeMap<LocalDate, Long>();
        document.get("reserved", Document.class)
                .forEach((day, units) -> reserved.put(LocalDate.parse(day), ((Number) units).longValue()));
        return new ListingView(
                document.getString("_id"),
                document.getString("factoryFirmId"),
                document.getString("stepCode"),
                document.getString("unit"),
                new Money(document.getLong("unitPriceFen"), document.getString("currency")),
                document.getLong("minOrderQuantity"),
                document.getLong("dailyCapacity"),
                LocalDate.parse(document.getString("bookableFrom")),
                LocalDate.parse(document.getString("bookableTo")),
                dates(document.getList("closedDays", String.class)),
                document.getInteger("leadTimeDays"),
                document.getString("province"),
                document.getString("city"),
                document.getList("requiredMaterials", String.class),
                document.getString("qualityStandard"),
                ListingStatus.valueOf(document.getString("status")),
                reserved,
                document.getDate("publishedAt").toInstant(),
                document.getLong("lastSequence"));
    }

    private static List<LocalDate> dates(Collection<String> days) {
        return days.stream().map(LocalDate::parse).toList();
    }
}
