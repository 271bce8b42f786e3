package com.sharefab.query.listing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The catalog search answered by MongoDB itself, from compound indexes on {@code listing_views} (ADR 0005, "the
 * MongoDB path"). Chosen with {@code sharefab.listings.search=mongo}; the default is the in-memory
 * {@link ListingCatalog}. Both answer the same hits for the same criteria (a test holds them to it).
 *
 * <p>Each index follows the equality–sort–range rule: {@code status} and the equality filters first, then the sort
 * key ({@code unitPriceFen} or {@code leadTimeDays}) with {@code _id} as the tie-breaker, and the price cap as a range
 * on the sort key or after it. So a query sorted by price or lead time reads the index in order and stops after
 * {@code limit} hits that pass the rest of the filter — no in-memory sort. {@link #INDEXES} is the list the planner
 * chooses from; {@code MongoListingSearchTest} checks every query shape this class issues against it.
 *
 * <p>What no index can serve, on any server: the free-capacity window and the earliest-free-day order depend on today
 * and on sums over days. Those are residual predicates here, computed from the calendar fields of the documents the
 * index yields; sorted by earliest free day, every candidate the index selects is read. On mongo-java-server (which
 * ignores non-unique indexes) every query of this class scans, which is why the embedded default uses the catalog.
 */
final class MongoListingSearch implements ListingSearch {

    /** The compound indexes, by name; equality keys first, then the sort key and {@code _id}. */
    static final Map<String, List<String>> INDEXES = indexes();

    /** Fields a search needs to compute the residual predicates and the sort key. */
    private static final Bson CALENDAR_FIELDS = Projections.include(
            "status", "stepCode", "industryCode", "province", "city", "unitPriceFen", "currency", "leadTimeDays",
            "dailyCapacity", "bookableFrom", "bookableTo", "closedDays", "reserved", "lastSequence", "factoryFirmId",
            "unit", "minOrderQuantity", "requiredMaterials", "qualityStandard", "publishedAt");

    private final MongoCollection<Document> collection;

    MongoListingSearch(MongoDatabase database) {
        this.collection = database.getCollection(ListingViews.COLLECTION);
    }

    /** Creates the compound indexes (idempotent). They cost every view write, so only this mode creates them. */
    void ensureIndexes() {
        INDEXES.forEach((name, keys) ->
                collection.createIndex(Indexes.ascending(keys), new IndexOptions().name(name)));
    }

    /** As {@link ListingCatalog#search}: up to {@code limit} hits after {@code after}, in {@code sort} order. */
    @Override
    public List<ListingCatalog.Hit> search(
            ListingCatalog.Criteria criteria, ListingSort sort, ListingCatalog.Hit after, int limit, LocalDate today) {
        long todayEpoch = today.toEpochDay();
        var filter = filter(criteria);
        if (sort == ListingSort.EARLIEST_FREE_DAY_ASC) {
            return byComputedKey(criteria, filter, sort, after, limit, todayEpoch);
        }
        String field = sortField(sort);
        if (after != null) {
            filter.append("$or", List.of(
                    new Document(field, new Document("$gt", after.key())),
                    new Document(field, after.key()).append("_id", new Document("$gt", after.id()))));
        }
        var hits = new ArrayList<ListingCatalog.Hit>();
        // The index yields candidates in order; the window (if any) is checked here, and reading stops at `limit`.
        try (var cursor = collection.find(filter)
                .projection(CALENDAR_FIELDS)
                .sort(Sorts.ascending(field, "_id"))
                .batchSize(Math.max(limit, 64))
                .iterator()) {
            while (cursor.hasNext() && hits.size() < limit) {
                var entry = ListingCatalog.Entry.of(ListingViews.toView(cursor.next()));
                if (criteria.matches(entry, todayEpoch)) {
                    hits.add(new ListingCatalog.Hit(entry.id, entry.key(sort, todayEpoch)));
                }
            }
        }
        return hits;
    }

    /** Filter and order that are all the equality and range conditions an index can serve. */
    static Document filter(ListingCatalog.Criteria criteria) {
        var filter = new Document("status", ListingStatus.ACTIVE.name());
        if (criteria.stepCode() != null) {
            filter.append("stepCode", criteria.stepCode());
        }
        if (criteria.industryCode() != null) {
            filter.append("industryCode", criteria.industryCode());
        }
        if (criteria.province() != null) {
            filter.append("province", criteria.province());
        }
        if (criteria.city() != null) {
            filter.append("city", criteria.city());
        }
        if (criteria.maxUnitPriceFen() != null) {
            filter.append("unitPriceFen", new Document("$lte", criteria.maxUnitPriceFen()));
        }
        return filter;
    }

    static String sortField(ListingSort sort) {
        return switch (sort) {
            case PRICE_ASC -> "unitPriceFen";
            case LEAD_TIME_ASC -> "leadTimeDays";
            case EARLIEST_FREE_DAY_ASC -> null;
        };
    }

    private List<ListingCatalog.Hit> byComputedKey(
            ListingCatalog.Criteria criteria,
            Document filter,
            ListingSort sort,
            ListingCatalog.Hit after,
            int limit,
            long todayEpoch) {
        var order = Comparator.comparingLong(ListingCatalog.Hit::key).thenComparing(ListingCatalog.Hit::id);
        var heap = new PriorityQueue<ListingCatalog.Hit>(limit + 1, order.reversed());
        for (var document : collection.find(filter).projection(CALENDAR_FIELDS).batchSize(1_000)) {
            var entry = ListingCatalog.Entry.of(ListingViews.toView(document));
            if (!criteria.matches(entry, todayEpoch)) {
                continue;
            }
            var hit = new ListingCatalog.Hit(entry.id, entry.key(sort, todayEpoch));
            if (after != null && order.compare(hit, after) <= 0) {
                continue;
            }
            heap.add(hit);
            if (heap.size() > limit) {
                heap.poll();
            }
        }
        var hits = new ArrayList<>(heap);
        hits.sort(order);
        return hits;
    }

    /**
     * By price (the default order): every combination of step or industry with place. By lead time: step or industry
     * only; a place filter there is checked on the documents the index yields.
     */
    private static Map<String, List<String>> indexes() {
        var indexes = new LinkedHashMap<String, List<String>>();
        indexes.put("search_price", List.of("status", "unitPriceFen", "_id"));
        indexes.put("search_step_price", List.of("status", "stepCode", "unitPriceFen", "_id"));
        indexes.put("search_industry_price", List.of("status", "industryCode", "unitPriceFen", "_id"));
        indexes.put("search_province_price", List.of("status", "province", "unitPriceFen", "_id"));
        indexes.put("search_city_price", List.of("status", "province", "city", "unitPriceFen", "_id"));
        indexes.put("search_step_city_price", List.of("status", "stepCode", "province", "city", "unitPriceFen", "_id"));
        indexes.put("search_industry_city_price",
                List.of("status", "industryCode", "province", "city", "unitPriceFen", "_id"));
        indexes.put("search_lead", List.of("status", "leadTimeDays", "_id"));
        indexes.put("search_step_lead", List.of("status", "stepCode", "leadTimeDays", "_id"));
        indexes.put("search_industry_lead", List.of("status", "industryCode", "leadTimeDays", "_id"));
        return Collections.unmodifiableMap(indexes);
    }
}
