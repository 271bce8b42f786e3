package com.sharefab.app.benchmark;

import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.sharefab.app.SharefabApplication;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.Money;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;

/**
 * The catalog search ({@code listings}) measured over GraphQL HTTP on a running app holding 10,000 published
 * listings, beside two baselines in the same run: the same GraphQL documents executed in-process (no HTTP, no JSON
 * on the wire) and the raw driver reading the page's documents by exact {@code _id} (what the search reads from
 * MongoDB). Not a test: a program; {@code docs/benchmarks-listing-search.md} has the figures and how to rerun it.
 *
 * <p>The app runs on the embedded default as it ships: mongo-java-server with the durable H2 backend, data in a
 * fresh temporary directory ({@code --backend=memory} for the memory backend). Seeding: the first
 * {@code --graphql-listings} (200) listings are published through the real path (GraphQL {@code publishListing}
 * over HTTP, command, aggregate, event store, projection); the rest as generated listing events ({@code
 * ListingPublishedEvent}, {@code CapacityReservedEvent}, {@code ListingPausedEvent}) appended to the app's own
 * {@link EventStore} (same engine, serializer and metadata), which the app's own {@code listing-views} projection
 * then projects as it would live: only the aggregate's command handlers are skipped, for time.
 *
 * <p>Arguments (the leading dashes are optional): {@code --listings=10000 --graphql-listings=200 --warmup=300 --runs=1000 --backend=disk|memory
 * --concurrent-seconds=10 --out=target/listing-search-benchmark.md --keep-data}; the data directory is deleted at the end
 * unless {@code --keep-data}.
 */
public final class ListingSearchBenchmark {

    private static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");
    private static final double TARGET_P99_MS = 50;
    private static final String[][] PLACES = {
        {"山东", "青岛", "济南", "潍坊", "临沂", "烟台"},
        {"浙江", "杭州", "宁波", "温州", "金华", "台州"},
        {"广东", "广州", "深圳", "东莞", "佛山", "汕头"},
        {"江苏", "苏州", "南京", "无锡", "常州", "南通"},
        {"福建", "福州", "厦门", "泉州", "莆田", "漳州"}
    };

    /** A mobile catalog page: the card fields of each listing, cursors and page info. */
    private static final String LISTINGS = """
            query listings($filter: ListingFilter, $sort: ListingSort, $first: Int, $after: String) {
              listings(filter: $filter, sort: $sort, first: $first, after: $after) {
                edges {
                  cursor
                  node {
                    id
                    factoryFirmId
                    step { id nameZh }
                    unit
                    unitPrice { fen yuan }
                    minOrderQuantity
                    dailyCapacity
                    leadTimeDays
                    province
                    city
                    status
                    earliestFreeDay
                  }
                }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;

    private static final String REGISTER_FIRM = """
            mutation registerFirm($input: RegisterFirmInput!) { registerFirm(input: $input) { firm { id } } }
            """;

    private static final String PUBLISH_LISTING = """
            mutation publishListing($input: PublishListingInput!) {
              publishListing(input: $input) { listing { id } }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final LocalDate today = LocalDate.now(CALENDAR);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder report = new StringBuilder();
    private URI endpoint;
    private int port;
    private final Map<String, Map<String, String>> tokenHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    private ListingSearchBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] arguments) throws Exception {
        var args = new HashMap<String, String>();
        for (var argument : arguments) {
            var pair = argument.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new ListingSearchBenchmark(args).run();
        System.exit(0);
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        int listings = intArg("listings", 10_000);
        int viaGraphQl = Math.min(listings, intArg("graphql-listings", 200));
        int warmup = intArg("warmup", 300);
        int runs = intArg("runs", 1_000);
        int concurrentSeconds = intArg("concurrent-seconds", 10);
        String backend = args.getOrDefault("backend", "disk");
        var out = Path.of(args.getOrDefault("out", "target/listing-search-benchmark.md"));
        var dataDir = Files.createTempDirectory("listing-search-benchmark");

        line("# Listing search benchmark — " + Instant.now());
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, JVM " + System.getProperty(
                "java.vm.name") + " " + System.getProperty("java.runtime.version") + ", heap max "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; load average at start "
                + loadAverage());
        line("- backend: mongo-java-server, " + (backend.equals("memory") ? "memory backend" : "durable H2 backend "
                + "(the app's default), data in " + dataDir));
        line("- search: " + args.getOrDefault("search", "catalog")
                + " (sharefab.listings.search: the in-memory catalog, or MongoDB's compound indexes)");
        line("- today (Asia/Shanghai): " + today + "; " + warmup + " warm-up rounds, " + runs
                + " measured rounds; a round sends each query once per layer (HTTP, in-process, driver), in turn");

        long started = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SharefabApplication.class)
                .run("--server.port=0", "--sharefab.mongodb.embedded=" + backend,
                        "--sharefab.data-dir=" + dataDir, "--sharefab.identity.dev-issuer.enabled=true",
                        "--sharefab.listings.search=" + args.getOrDefault("search", "catalog"))) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
            this.port = port;
            line("- app started in " + ms(System.nanoTime() - started) + " ms");

            seed(app, listings, viaGraphQl);

            var graphQl = app.getBean(ExecutionGraphQlService.class);
            var views = app.getBean(MongoDatabase.class).getCollection("listing_views");
            var queries = queries();
            line("");
            line("## Latency per query (ms), " + runs + " sequential requests per query and layer, interleaved, after "
                    + warmup + " warm-up rounds");
            line("");
            line("| query | rows | HTTP p50 | HTTP p95 | HTTP p99 | HTTP max | in-process p50 | in-process p99 "
                    + "| driver `_id` p50 | driver `_id` p99 | HTTP/in-process p99 | HTTP/driver p99 | GC ms during "
                    + "| HTTP p99 ≤ " + (int) TARGET_P99_MS + " ms |");
            line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            // Every query on every layer in turn, warm-up included: a load spike from outside or a JIT compilation
            // falls on all of them alike, and no query is measured colder than another.
            var bodies = new ArrayList<String>();
            var layers = new ArrayList<Call[]>();
            var rows = new ArrayList<Integer>();
            for (var query : queries) {
                var body = JSON.writeValueAsString(Map.of("query", LISTINGS, "variables", query.variables()));
                bodies.add(body);
                var ids = pageIds(body);
                rows.add(ids.size());
                layers.add(new Call[] {
                    () -> post(body),
                    () -> {
                        var response = graphQl.execute(new DefaultExecutionGraphQlRequest(
                                        LISTINGS, null, query.variables(), null, UUID.randomUUID().toString(), null))
                                .block();
                        if (!response.getErrors().isEmpty()) {
                            throw new IllegalStateException(response.getErrors().toString());
                        }
                        return response;
                    },
                    () -> views.find(in("_id", ids)).into(new ArrayList<>()).size()
                });
            }
            var nanos = new long[queries.size()][3][runs];
            var gcMillis = new long[queries.size()];
            for (int i = 0; i < warmup + runs; i++) {
                for (int q = 0; q < queries.size(); q++) {
                    long gcBefore = gcMillis();
                    for (int layer = 0; layer < 3; layer++) {
                        long begin = System.nanoTime();
                        layers.get(q)[layer].call();
                        if (i >= warmup) {
                            nanos[q][layer][i - warmup] = System.nanoTime() - begin;
                        }
                    }
                    if (i >= warmup) {
                        gcMillis[q] += gcMillis() - gcBefore;
                    }
                }
            }
            for (int q = 0; q < queries.size(); q++) {
                var overHttp = Latencies.of(nanos[q][0]);
                var inProcess = Latencies.of(nanos[q][1]);
                var driver = Latencies.of(nanos[q][2]);
                line(String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f× | %.1f× "
                                + "| %d | %s |",
                        queries.get(q).name(), rows.get(q), overHttp.p(50), overHttp.p(95), overHttp.p(99),
                        overHttp.max(), inProcess.p(50), inProcess.p(99), driver.p(50), driver.p(99),
                        overHttp.p(99) / inProcess.p(99), overHttp.p(99) / driver.p(99), gcMillis[q],
                        overHttp.p(99) <= TARGET_P99_MS
                                ? "PASS"
                                : String.format("MISS by %.1f ms", overHttp.p(99) - TARGET_P99_MS)));
            }
            if (concurrentSeconds > 0) {
                concurrent(bodies, 4, concurrentSeconds);
            }
            line("");
            line("- load average at the end " + loadAverage() + "; total run " + ms(System.nanoTime() - started) / 1000
                    + " s");
        }
        long dataBytes;
        try (var files = Files.walk(dataDir)) {
            dataBytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        line("- data directory at the end: " + dataBytes / (1 << 20) + " MB" + (args.containsKey("keep-data")
                ? " (kept: " + dataDir + ")"
                : " (deleted)"));
        if (!args.containsKey("keep-data")) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("\nwritten to " + out.toAbsolutePath());
    }

    // --- seeding -------------------------------------------------------------------------------------------------------

    private void seed(ConfigurableApplicationContext app, int listings, int viaGraphQl) throws Exception {
        var random = new Random(42);
        var generated = new ArrayList<List<DomainEventMessage<?>>>();
        for (int i = 0; i < listings; i++) {
            generated.add(listingEvents(random, i));
        }

        // The real path for the first ones: GraphQL mutation → command → aggregate → event store → projection.
        long started = System.nanoTime();
        var factoryId = registerFactory();
        var pool = Executors.newFixedThreadPool(4);
        try {
            var publications = new ArrayList<Callable<Object>>();
            for (int i = 0; i < viaGraphQl; i++) {
                var published = (ListingPublishedEvent) generated.get(i).get(0).getPayload();
                publications.add(() -> publish(factoryId, published));
            }
            for (var future : pool.invokeAll(publications)) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        long graphQlNanos = System.nanoTime() - started;
        line(String.format("- seeded %d listings through GraphQL `publishListing` (4 concurrent clients): %d ms, "
                        + "%.0f listings/s", viaGraphQl, ms(graphQlNanos), viaGraphQl / (graphQlNanos / 1e9)));

        // The rest as events appended to the app's event store, 25 listings per commit; the projection follows.
        started = System.nanoTime();
        var eventStore = app.getBean(EventStore.class);
        var expected = new HashMap<String, Long>();
        int events = 0;
        var batch = new ArrayList<DomainEventMessage<?>>();
        for (int i = viaGraphQl; i < listings; i++) {
            var stream = generated.get(i);
            batch.addAll(stream);
            events += stream.size();
            var last = stream.get(stream.size() - 1);
            expected.put(last.getAggregateIdentifier(), last.getSequenceNumber());
            if (batch.size() >= 100 || i == listings - 1) {
                eventStore.publish(batch);
                batch = new ArrayList<>();
            }
        }
        long appendNanos = System.nanoTime() - started;
        var views = app.getBean(MongoDatabase.class).getCollection("listing_views");
        while (true) {
            int projected = 0;
            long total = 0;
            for (var view : views.find().projection(new Document("lastSequence", 1))) {
                total++;
                var want = expected.get(view.getString("_id"));
                if (want != null && view.getLong("lastSequence") >= want) {
                    projected++;
                }
            }
            if (projected == expected.size() && total == listings) {
                break;
            }
            Thread.sleep(1_000);
        }
        long projectedNanos = System.nanoTime() - started;
        line(String.format("- appended %d listings as %d events in %d ms; projected by the app's `listing-views` "
                        + "after %d ms (%.0f events/s)", listings - viaGraphQl, events, ms(appendNanos),
                ms(projectedNanos), events / (projectedNanos / 1e9)));
        line("- listing_views: " + views.countDocuments() + " documents");
    }

    /**
     * One listing's events: 11 steps, 5 provinces × 5 cities, prices 0.50-50.49 CNY, 100-1,999 a day over 60-359
     * days starting in the next 30, up to 7 closed days, lead time 0-14, 0-8 single-day reservations in its first 60
     * days, one in ten paused.
     */
    private List<DomainEventMessage<?>> listingEvents(Random random, int index) {
        var listingId = String.format("bench-%05d", index);
        var factoryId = "bench-factory-" + index % 500;
        var steps = StepTaxonomy.steps();
        Step step = steps.get(random.nextInt(steps.size()));
        var place = PLACES[random.nextInt(PLACES.length)];
        var from = today.plusDays(random.nextInt(30));
        var to = from.plusDays(60 + random.nextInt(300));
        var closed = new TreeSet<LocalDate>();
        for (int c = random.nextInt(8); c > 0; c--) {
            closed.add(from.plusDays(random.nextInt(60)));
        }
        long capacity = 100 + random.nextInt(1_900);
        var price = Money.cny(50 + random.nextInt(5_000));
        var now = Instant.now();
        var metaData = MetaData.with(EventMetadata.ACTOR_ID, "bench-user")
                .and(EventMetadata.ACTOR_FIRM_ID, factoryId)
                .and(EventMetadata.ACTOR_ROLE, "FACTORY");
        var events = new ArrayList<DomainEventMessage<?>>();
        events.add(message(listingId, 0, new ListingPublishedEvent(
                listingId, factoryId, step.code(), "piece", price, 10, capacity, from, to, List.copyOf(closed),
                random.nextInt(15), place[0], place[1 + random.nextInt(5)], List.of("布料", "线"), "GB/T 2912", now),
                metaData));
        var reserved = new HashMap<LocalDate, Long>();
        for (int r = random.nextInt(9); r > 0; r--) {
            var day = from.plusDays(random.nextInt(60));
            long free = capacity - reserved.getOrDefault(day, 0L);
            if (closed.contains(day) || free < 10) {
                continue;
            }
            long quantity = 10 + random.nextInt((int) free - 9);
            reserved.merge(day, quantity, Long::sum);
            events.add(message(listingId, events.size(), new CapacityReservedEvent(
                    listingId, "bench-order-" + index + "-" + r, quantity, List.of(new DayAllocation(day, quantity)),
                    price, now), metaData.and(EventMetadata.ACTOR_FIRM_ID, "bench-buyer-" + r)));
        }
        if (random.nextInt(10) == 0) {
            events.add(message(listingId, events.size(), new ListingPausedEvent(listingId, "检修", now), metaData));
        }
        return events;
    }

    private static DomainEventMessage<?> message(String listingId, long sequence, Object payload, MetaData metaData) {
        return new GenericDomainEventMessage<>("CapacityListing", listingId, sequence, payload, metaData);
    }

    private String registerFactory() throws IOException, InterruptedException {
        var firmId = UUID.randomUUID().toString();
        var input = Map.of(
                "firmId", firmId,
                "name", "基准测试工厂",
                "uscc", UsccTestCodes.next(),
                "roles", List.of("FACTORY"),
                "contactName", "王伟",
                "contactPhone", "+86 532 8888 1234");
        call(JSON.writeValueAsString(Map.of("query", REGISTER_FIRM, "variables", Map.of("input", input))),
                actingFor(firmId));
        return firmId;
    }

    private Object publish(String factoryId, ListingPublishedEvent listing) throws IOException, InterruptedException {
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listing.listingId());
        input.put("stepCode", listing.stepCode());
        input.put("unit", listing.unit());
        input.put("unitPriceFen", listing.unitPrice().fen());
        input.put("minOrderQuantity", listing.minOrderQuantity());
        input.put("dailyCapacity", listing.dailyCapacity());
        input.put("bookableFrom", listing.bookableFrom().toString());
        input.put("bookableTo", listing.bookableTo().toString());
        input.put("closedDays", listing.closedDays().stream().map(LocalDate::toString).toList());
        input.put("leadTimeDays", listing.leadTimeDays());
        input.put("province", listing.province());
        input.put("city", listing.city());
        input.put("requiredMaterials", listing.requiredMaterials());
        input.put("qualityStandard", listing.qualityStandard());
        var body = JSON.writeValueAsString(Map.of("query", PUBLISH_LISTING, "variables", Map.of("input", input)));
        return call(body, actingFor(factoryId));
    }

    /** The header of a token (from the app's development issuer) of a factory user of {@code factoryId}. */
    private Map<String, String> actingFor(String factoryId) {
        return tokenHeaders.computeIfAbsent(factoryId, id -> Map.of("Authorization", "Bearer "
                + com.sharefab.app.GraphQlClients.token(port, new com.sharefab.events.Actor("bench-user", id, "FACTORY"))));
    }

    // --- the queries ---------------------------------------------------------------------------------------------------

    record Query(String name, Map<String, Object> variables) {}

    /** Representative catalog searches, each as a first page and as a later page (page 5, or the last one). */
    @SuppressWarnings("unchecked")
    private List<Query> queries() throws IOException, InterruptedException {
        var byStepAndWindow = Map.<String, Object>of(
                "stepCode", "headwear.embroidery",
                "from", today.plusDays(7).toString(),
                "to", today.plusDays(20).toString(),
                "minFreeQuantity", 10_000);
        var byPlaceAndPrice = Map.<String, Object>of("province", "山东", "city", "青岛", "maxUnitPriceFen", 3_000);
        var byIndustry = Map.<String, Object>of("industryCode", "headwear");
        var firstPages = List.of(
                new Query("step + 14-day window ≥ 10,000 free, by price, page 1", page(byStepAndWindow, "PRICE_ASC",
                        null)),
                new Query("province/city + max price, by price, page 1", page(byPlaceAndPrice, "PRICE_ASC", null)),
                new Query("industry, by earliest free day, page 1", page(byIndustry, "EARLIEST_FREE_DAY_ASC",
                        null)));
        var queries = new ArrayList<>(firstPages);
        for (var first : firstPages) {
            var variables = first.variables();
            int page = 1;
            while (page < 5) {
                var body = JSON.writeValueAsString(Map.of("query", LISTINGS, "variables", variables));
                var pageInfo = JSON.readTree(post(body)).path("data").path("listings").path("pageInfo");
                if (!pageInfo.path("hasNextPage").asBoolean()) {
                    break;
                }
                variables = page((Map<String, Object>) first.variables().get("filter"),
                        (String) first.variables().get("sort"), pageInfo.path("endCursor").asText());
                page++;
            }
            if (page > 1) {
                queries.add(new Query(first.name().replace("page 1", "page " + page), variables));
            }
        }
        return queries;
    }

    private static Map<String, Object> page(Map<String, Object> filter, String sort, String after) {
        var variables = new HashMap<String, Object>();
        variables.put("filter", filter);
        variables.put("sort", sort);
        variables.put("first", 20);
        variables.put("after", after);
        return variables;
    }

    private List<String> pageIds(String body) throws IOException, InterruptedException {
        var ids = new ArrayList<String>();
        for (JsonNode edge : JSON.readTree(post(body)).path("data").path("listings").path("edges")) {
            ids.add(edge.path("node").path("id").asText());
        }
        return ids;
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------------

    private String post(String body) throws IOException, InterruptedException {
        return call(body, Map.of());
    }

    private String call(String body, Map<String, String> headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    // --- measuring -------------------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    record Latencies(long[] nanos) {

        static Latencies of(long[] unsorted) {
            var sorted = unsorted.clone();
            Arrays.sort(sorted);
            return new Latencies(sorted);
        }

        double p(double percentile) {
            return nanos[(int) Math.ceil(percentile / 100 * nanos.length) - 1] / 1e6;
        }

        double max() {
            return nanos[nanos.length - 1] / 1e6;
        }
    }

    /** Milliseconds this JVM (app and benchmark alike) spent collecting garbage so far. */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** {@code clients} threads sending the queries round robin for {@code seconds}: throughput and latency. */
    private void concurrent(List<String> bodies, int clients, int seconds) throws Exception {
        var pool = Executors.newFixedThreadPool(clients);
        var latencies = new ConcurrentLinkedQueue<Long>();
        var failures = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try {
            var workers = new ArrayList<Callable<Object>>();
            for (int c = 0; c < clients; c++) {
                int offset = c;
                workers.add(() -> {
                    for (int i = offset; System.nanoTime() < end; i++) {
                        long start = System.nanoTime();
                        try {
                            post(bodies.get(i % bodies.size()));
                            latencies.add(System.nanoTime() - start);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (var future : pool.invokeAll(workers)) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        var all = new Latencies(sorted);
        line("");
        line(String.format("## %d concurrent clients, the %d queries round robin, %d s", clients, bodies.size(), seconds));
        line("");
        line(String.format("%d requests (%.0f/s), %d failed; HTTP p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted.length, sorted.length / (double) seconds, failures.get(), all.p(50), all.p(95), all.p(99),
                all.max()));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
