package com.sharefab.query.listing;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.graphql.ReadModelUpdates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * A quick measurement of the catalog search with 10k published listings on mongo-java-server (memory backend, and the
 * H2 backend the embedded default runs on), through the controller as GraphQL calls it: the search in memory plus one
 * {@code _id $in} for the page's documents. For contrast, the same questions asked of MongoDB by scanning queries.
 * Not a test (no timed assertions). Figures: ADR 0005. To rerun, from the repository root:
 *
 * <pre>
 * mvn -o -q -pl query-side test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp query-side/target/test-classes:query-side/target/classes:$(cat query-side/target/cp.txt) \
 *     com.sharefab.query.listing.ListingSearchMeasurement
 * </pre>
 */
final class ListingSearchMeasurement {

    private static final int LISTINGS = 10_000;
    private static final int WARMUP = 300;
    private static final int RUNS = 1_000;
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final String[] PROVINCES = {"山东", "浙江", "广东", "江苏", "福建"};

    public static void main(String[] args) throws Exception {
        for (var backendName : List.of("memory", "h2")) {
            MongoBackend backend = backendName.equals("memory")
                    ? new MemoryBackend()
                    : new H2Backend(Files.createTempDirectory("listing-measurement").resolve("db.mv").toString());
            var server = new MongoServer(backend);
            try (var client = MongoClients.create(server.bindAndGetConnectionString())) {
                var database = client.getDatabase("measurement");
                var views = new ListingViews(database, new ReadModelUpdates());
                long populateStart = System.nanoTime();
                populate(views);
                System.out.printf("%n[%s] %d listings written in %d ms%n", backendName, LISTINGS,
                        (System.nanoTime() - populateStart) / 1_000_000);

                var catalog = new ListingCatalog(views, 60);
                long loadStart = System.nanoTime();
                catalog.reload();
                System.out.printf("[%s] catalog load (one scan of listing_views): %d ms, %d entries%n", backendName,
                        (System.nanoTime() - loadStart) / 1_000_000, catalog.size());
                for (int i = 0; i < 5; i++) {
                    loadStart = System.nanoTime();
                    catalog.reload();
                }
                System.out.printf("[%s] catalog reload, warm: %d ms%n", backendName,
                        (System.nanoTime() - loadStart) / 1_000_000);
                var controller = new ListingQueryController(views, catalog, new BusinessDay(
                        Clock.fixed(TODAY.atStartOfDay(BusinessDay.ZONE).toInstant(), ZoneOffset.UTC)));

                var secondPageCursor =
                        controller.listings(null, ListingSort.PRICE_ASC, 20, null).pageInfo().endCursor();
                measure(backendName, "no filter, price, first 20",
                        () -> controller.listings(null, ListingSort.PRICE_ASC, 20, null).edges().size());
                measure(backendName, "no filter, price, 2nd page",
                        () -> controller.listings(null, ListingSort.PRICE_ASC, 20, secondPageCursor).edges().size());
                measure(backendName, "step, price",
                        () -> controller.listings(filter("headwear.embroidery", null, null, null, null, null, null),
                                ListingSort.PRICE_ASC, 20, null).edges().size());
                measure(backendName, "industry+province+city, lead time",
                        () -> controller.listings(filter(null, "headwear", "山东", "city-2", null, null, null),
                                ListingSort.LEAD_TIME_ASC, 20, null).edges().size());
                measure(backendName, "14-day window >= 500, max price, earliest",
                        () -> controller.listings(filter(null, null, null, null, 500L, TODAY.plusDays(7), 3000L),
                                ListingSort.EARLIEST_FREE_DAY_ASC, 20, null).edges().size());
                measure(backendName, "province + 90-day window >= 20000, price",
                        () -> controller.listings(
                                        new ListingFilter(null, null, "浙江", null, 20_000L, TODAY.plusDays(10),
                                                TODAY.plusDays(99), null),
                                        ListingSort.PRICE_ASC, 20, null)
                                .edges().size());

                // The alternative: asking MongoDB. A scan on this server whatever the indexes.
                MongoCollection<Document> collection = database.getCollection(ListingViews.COLLECTION);
                measure(backendName, "[mongo scan] step, price, limit 21", () -> collection
                        .find(Filters.and(
                                Filters.eq("stepCode", "headwear.embroidery"), Filters.eq("status", "ACTIVE")))
                        .sort(Sorts.ascending("unitPriceFen", "_id"))
                        .limit(21)
                        .into(new ArrayList<>())
                        .size());
                measure(backendName, "[mongo scan] all ACTIVE calendars (window)", () -> collection
                        .find(Filters.eq("status", "ACTIVE"))
                        .projection(Projections.include(
                                "unitPriceFen", "leadTimeDays", "dailyCapacity", "bookableFrom", "bookableTo",
                                "closedDays", "reserved"))
                        .into(new ArrayList<>())
                        .size());
            } finally {
                server.shutdownNow();
            }
        }
    }

    private static ListingFilter filter(
            String step, String industry, String province, String city, Long minFree, LocalDate from, Long maxPrice) {
        return new ListingFilter(step, industry, province, city, minFree, from, from == null ? null : from.plusDays(13),
                maxPrice);
    }

    private static void measure(String backend, String name, Supplier<Integer> query) {
        int rows = 0;
        for (int i = 0; i < WARMUP; i++) {
            rows = query.get();
        }
        var nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("[%s] %-44s rows %5d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", backend, name, rows,
                nanos[RUNS / 2] / 1e6, nanos[RUNS * 99 / 100] / 1e6, nanos[RUNS - 1] / 1e6);
    }

    /** 10k listings over every step, 5 provinces x 5 cities, with closed days and reservations. */
    private static void populate(ListingViews views) {
        var random = new Random(42);
        var steps = StepTaxonomy.steps();
        for (int i = 0; i < LISTINGS; i++) {
            var from = TODAY.plusDays(random.nextInt(30) - 10);
            var to = from.plusDays(60 + random.nextInt(300));
            var closed = new ArrayList<LocalDate>();
            for (int c = random.nextInt(8); c > 0; c--) {
                closed.add(from.plusDays(random.nextInt(60)));
            }
            long capacity = 100 + random.nextInt(1_900);
            var view = ListingFold.published(new ListingPublishedEvent(
                    "listing-" + i, "factory-" + (i % 2_000), steps.get(random.nextInt(steps.size())).code(),
                    "piece", Money.cny(50 + random.nextInt(5_000)), 10, capacity, from, to, closed,
                    random.nextInt(15), PROVINCES[random.nextInt(PROVINCES.length)], "city-" + random.nextInt(5),
                    List.of("fabric"), "GB", TODAY.atStartOfDay(BusinessDay.ZONE).toInstant()), 0);
            long sequence = 0;
            for (int r = random.nextInt(30); r > 0; r--) {
                var day = from.plusDays(random.nextInt(90));
                if (!view.isOpen(day) || view.freeOn(day) == 0) {
                    continue;
                }
                var event = ListingTestData.reserved(view.id(), "order-" + i + "-" + r,
                        new DayAllocation(day, 1 + random.nextInt((int) view.freeOn(day))));
                view = ListingFold.apply(view, event, ++sequence);
            }
            if (random.nextInt(10) == 0) {
                view = ListingFold.apply(view, ListingTestData.paused(view.id()), ++sequence);
            }
            views.save(view);
        }
    }
}
