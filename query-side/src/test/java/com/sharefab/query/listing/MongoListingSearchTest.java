package com.sharefab.query.listing;

import static com.sharefab.query.listing.ListingTestData.TODAY;
import static com.sharefab.query.listing.ListingTestData.day;
import static com.sharefab.query.listing.ListingTestData.paused;
import static com.sharefab.query.listing.ListingTestData.published;
import static com.sharefab.query.listing.ListingTestData.reserved;
import static com.sharefab.query.listing.ListingTestData.units;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MongoDB search path (ADR 0005) answers what the in-memory catalog answers, page by page, and every query shape
 * it sends can be served by one of its compound indexes on a real MongoDB: equality keys first, then the sort key,
 * so no query needs an in-memory sort.
 */
class MongoListingSearchTest {

    private static final List<String> STEPS =
            List.of("headwear.embroidery", "headwear.webbing", "headwear.hook-and-loop", "general.cnc-machining");
    private static final List<String[]> PLACES =
            List.of(new String[] {"山东", "青岛"}, new String[] {"山东", "潍坊"}, new String[] {"浙江", "义乌"});

    private static TestMongo mongo;
    private static MongoDatabase database;
    private static ListingCatalog catalog;
    private static MongoListingSearch search;

    @BeforeAll
    static void seed() {
        mongo = new TestMongo();
        database = mongo.freshDatabase();
        var views = new ListingViews(database, new ReadModelUpdates());
        catalog = new ListingCatalog(views, 60);
        var projection = new ListingProjection(views, catalog);
        search = new MongoListingSearch(database);
        search.ensureIndexes();
        var random = new Random(20261122);
        for (int i = 0; i < 300; i++) {
            String id = "l" + i;
            var place = PLACES.get(random.nextInt(PLACES.size()));
            var events = new ArrayList<ListingEvent>();
            events.add(published(id, "f" + (i % 7), STEPS.get(random.nextInt(STEPS.size())),
                    50 + random.nextInt(20) * 10, random.nextInt(4), place[0], place[1], TODAY,
                    day(10 + random.nextInt(30)), day(random.nextInt(8))));
            for (int r = random.nextInt(4); r > 0; r--) {
                events.add(reserved(id, "o" + i + "-" + r, units(day(random.nextInt(12)), 1 + random.nextInt(100))));
            }
            if (random.nextInt(10) == 0) {
                events.add(paused(id));
            }
            for (int sequence = 0; sequence < events.size(); sequence++) {
                projection.on(events.get(sequence), sequence);
            }
        }
        catalog.reload();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    static Stream<Arguments> queries() {
        var criteria = List.of(
                criteria(null, null, null, null, null, null, 0),
                criteria("headwear.embroidery", null, null, null, null, null, 0),
                criteria(null, "headwear", "山东", null, 150L, null, 0),
                criteria(null, null, "山东", "青岛", null, null, 0),
                criteria("headwear.webbing", null, null, null, 180L, 5, 200),
                criteria(null, "general", null, null, null, 0, 1),
                criteria(null, null, "浙江", "义乌", 120L, 2, 400));
        var arguments = new ArrayList<Arguments>();
        for (var sort : ListingSort.values()) {
            for (var c : criteria) {
                arguments.add(Arguments.of(c, sort));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("queries")
    void search_sameCriteria_samePagesAsTheCatalog(ListingCatalog.Criteria criteria, ListingSort sort) {
        var fromCatalog = pages(catalog, criteria, sort);
        var fromMongo = pages(search, criteria, sort);

        assertThat(fromMongo).isEqualTo(fromCatalog);
        assertThat(fromCatalog).as("the query finds something, or the comparison proves little").isNotEmpty();
    }

    @Test
    void indexes_everyFilterAndIndexedSort_servedWithoutAnInMemorySort() {
        var equalityFields = List.of("stepCode", "industryCode", "province", "city");
        for (int mask = 0; mask < 1 << equalityFields.size(); mask++) {
            for (var sort : List.of(ListingSort.PRICE_ASC, ListingSort.LEAD_TIME_ASC)) {
                var criteria = criteria(
                        (mask & 1) != 0 ? "headwear.embroidery" : null,
                        (mask & 2) != 0 ? "headwear" : null,
                        (mask & 4) != 0 ? "山东" : null,
                        (mask & 8) != 0 ? "青岛" : null,
                        mask % 3 == 0 ? 100L : null,
                        null,
                        0);
                var filter = MongoListingSearch.filter(criteria);
                var best = bestIndex(filter, MongoListingSearch.sortField(sort));

                assertThat(best).as("an index sorts %s by %s", filter.keySet(), sort).isNotNull();
                // The most selective equalities the query has are in the index: step (else industry), and by price
                // also the place.
                var expected = new ArrayList<String>();
                if (filter.containsKey("stepCode")) {
                    expected.add("stepCode");
                } else if (filter.containsKey("industryCode")) {
                    expected.add("industryCode");
                }
                if (sort == ListingSort.PRICE_ASC && filter.containsKey("province")) {
                    expected.add(filter.containsKey("city") ? "city" : "province");
                }
                if (sort == ListingSort.PRICE_ASC && expected.size() == 2 && expected.get(1).equals("province")) {
                    expected.remove(1); // step or industry with a province alone: the step's index, province filtered
                }
                assertThat(MongoListingSearch.INDEXES.get(best)).as("index %s for %s", best, filter.keySet())
                        .containsAll(expected);
            }
        }
    }

    @Test
    void ensureIndexes_createsEveryCompoundIndexByName() {
        var names = new ArrayList<String>();
        database.getCollection(ListingViews.COLLECTION).listIndexes().forEach(index -> names.add(index.getString(
                "name")));

        assertThat(names).containsAll(MongoListingSearch.INDEXES.keySet());
    }

    /**
     * The index a planner would pick without a blocking sort: its keys are some equality fields of the filter, then
     * the sort field, then {@code _id}; among those, the one with the most equality keys.
     */
    private static String bestIndex(Document filter, String sortField) {
        String best = null;
        int bestEqualities = -1;
        for (var index : MongoListingSearch.INDEXES.entrySet()) {
            var keys = index.getValue();
            int sortAt = keys.indexOf(sortField);
            if (sortAt < 0 || !keys.subList(sortAt + 1, keys.size()).equals(List.of("_id"))) {
                continue;
            }
            var equalities = keys.subList(0, sortAt);
            boolean usable = equalities.stream()
                    .allMatch(key -> filter.containsKey(key) && !(filter.get(key) instanceof Document));
            if (usable && equalities.size() > bestEqualities) {
                best = index.getKey();
                bestEqualities = equalities.size();
            }
        }
        return best;
    }

    /** Every hit, walked in pages of 7 through the cursors (keyset), as a client pages. */
    private static List<ListingCatalog.Hit> pages(
            ListingSearch source, ListingCatalog.Criteria criteria, ListingSort sort) {
        var all = new ArrayList<ListingCatalog.Hit>();
        ListingCatalog.Hit after = null;
        while (true) {
            var page = source.search(criteria, sort, after, 7, TODAY);
            all.addAll(page);
            if (page.size() < 7) {
                return all;
            }
            after = page.get(page.size() - 1);
        }
    }

    private static ListingCatalog.Criteria criteria(
            String step, String industry, String province, String city, Long maxPrice, Integer windowStart,
            long minFree) {
        return new ListingCatalog.Criteria(
                step,
                industry,
                province,
                city,
                maxPrice,
                windowStart == null ? null : day(windowStart),
                windowStart == null ? null : day(windowStart + 6),
                windowStart == null ? 0 : minFree);
    }
}
