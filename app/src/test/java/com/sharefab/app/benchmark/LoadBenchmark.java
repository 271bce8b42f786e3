package com.sharefab.app.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.SharefabApplication;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.app.observability.Progress;
import com.sharefab.events.Actor;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The end-to-end load benchmark (issue 8; a program, not a test): the app as it ships, started in this JVM on the
 * embedded default, driven over HTTP by N concurrent phones and factories with tokens from the development issuer.
 * Phases, each time-boxed:
 * <ol>
 *   <li><b>seed</b>: factories, listings, one buyer per client and a few orders each, all through GraphQL;</li>
 *   <li><b>driver baseline</b>: the raw MongoDB driver's {@code find({_id})} on {@code order_views} (the document
 *       {@code order(id)} reads), from N threads against the same embedded server;</li>
 *   <li><b>order(id)</b>: the GraphQL query over HTTP from N clients, on the seeded orders;</li>
 *   <li><b>mix</b>: buyers browse listings, read their orders, place orders, pay them (payOrder + the sandbox pay URL),
 *       ship materials; factories read their job board, accept, record materials, start production and report
 *       progress;</li>
 *   <li><b>lag</b>: orders placed at a fixed rate (open loop) while a poller watches {@code order_views}: time from
 *       the placeOrder answer to the read model showing the reservation's outcome, and the
 *       app's {@code sharefab.projection.lag.time} gauges, read in this JVM every 100 ms; optionally factories
 *       change prices at a second fixed rate ({@code lag-price-changes-per-second}) to raise the event rate; the
 *       projection delay of every event in every group comes from the app's {@code sharefab.projection.delay}
 *       histograms.</li>
 * </ol>
 * Throughput and p50/p95/p99 per operation go to the console and a Markdown report; progress of every phase (done of
 * total, rate, time left) to the console and to the app's {@code sharefab_progress_*{task}} gauges.
 *
 * <p>Arguments ({@code key=value}): {@code clients=32 seconds=20 warmup=10 warmup-max=180 jit-settled-ms=250
 * backend=disk|memory factories=4 listings=8 orders-per-buyer=5 lag-orders-per-second=10 lag-price-changes-per-second=0 lag-poll-ms=5 idle-seconds=10
 * out=target/load-benchmark.md async-profiler=<lib> profile-mode=cpu|wall app.<property>=<value> phases=all|byid|lag|lag-only}.
 * Run: {@code mvn -o -B -q -pl app -am -Pload-benchmark test-compile -Dload-benchmark.args="clients=32 seconds=20"}
 * (docs/benchmarks.md).
 */
public final class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");
    private static final List<String> BUYER_STEPS = List.of("PAYMENT_DUE", "ACCEPTED");
    private static final List<String> FACTORY_STEPS = List.of("PAID", "MATERIALS_SHIPPED", "MATERIALS_RECEIVED", "IN_PRODUCTION");

    private final Map<String, String> args;
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private URI graphql;
    private int port;
    private MeterRegistry registry;

    private LoadBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        var args = new HashMap<String, String>();
        for (var arg : argv) {
            var pair = arg.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new LoadBenchmark(args).run();
        System.exit(0);
    }

    private int arg(String name, int fallback) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        int clients = arg("clients", 32);
        int seconds = arg("seconds", 20);
        int warmup = arg("warmup", 10);
        String backend = args.getOrDefault("backend", "disk");
        var out = Path.of(args.getOrDefault("out", "target/load-benchmark.md"));
        Path dataDir = Files.createTempDirectory("sharefab-load-benchmark");

        line("# Load benchmark, " + Instant.now());
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.runtime.version") + ", heap max "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, JVM flags "
                + ManagementFactory.getRuntimeMXBean().getInputArguments() + "; load average at start " + loadAverage());
        line("- backend: mongo-java-server, " + (backend.equals("memory") ? "memory" : "durable H2 (the default)")
                + "; " + clients + " clients; warm-up per phase at least " + warmup + " s, then until the JIT settles (at most "
                + arg("warmup-max", 180) + " s); " + seconds + " s per measured phase");

        long startNanos = System.nanoTime();
        var appArgs = new ArrayList<>(List.of(
                "--server.port=0", "--sharefab.mongodb.embedded=" + backend, "--sharefab.data-dir=" + dataDir,
                "--sharefab.identity.dev-issuer.enabled=true",
                "--sharefab.graphql.limits.mutations-per-firm.limit-for-period=1000000",
                "--sharefab.reservations.max-unpaid-per-buyer=1000000",
                "--server.tomcat.threads.max=" + Math.max(200, clients * 2)));
        int fixed = appArgs.size();
        // app.<property>=<value> sets a property of the app under test, for experiments
        // (e.g. app.spring.threads.virtual.enabled=false)
        args.forEach((key, value) -> {
            if (key.startsWith("app.")) {
                appArgs.add("--" + key.substring(4) + "=" + value);
            }
        });
        if (appArgs.size() > fixed) {
            line("- app properties set for this run: " + appArgs.subList(fixed, appArgs.size()));
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SharefabApplication.class)
                .run(appArgs.toArray(String[]::new))) {
            port = ((WebServerApplicationContext) app).getWebServer().getPort();
            graphql = URI.create("http://127.0.0.1:" + port + "/graphql");
            awaitReady();
            double readyMs = (System.nanoTime() - startNanos) / 1e6;
            registry = app.getBean(MeterRegistry.class);
            var database = app.getBean(MongoDatabase.class);
            var orders = database.getCollection("order_views");
            var eventStorage = app.getBean(MongoCommitEventStorageEngine.class);
            Thread.sleep(arg("idle-seconds", 10) * 1000L);
            long idleRssMb = rssMb();
            line("- app (in this JVM) ready " + Math.round(readyMs) + " ms after the start of the context (no JVM start"
                    + " in it: see the start-up figures for `java -jar`); RSS of this JVM idle after "
                    + arg("idle-seconds", 10) + " s: " + idleRssMb + " MB");
            line("");

            var world = seed(clients, orders);

            if (args.getOrDefault("phases", "all").equals("lag-only")) {
                line("- phases=lag-only: only the projection lag phase ran (for comparing variants of the write path)");
                printLag(lagPhase(world, orders, eventStorage, arg("lag-orders-per-second", 10),
                        arg("lag-price-changes-per-second", 0), warmup, seconds), null);
                return;
            }
            // Raw-driver baseline, then the same read through GraphQL over HTTP.
            var seededIds = world.orderIds();
            var baseline = phase("driver find({_id}) on order_views", clients, warmup, seconds, (client, rec) -> {
                var id = seededIds.get(ThreadLocalRandom.current().nextInt(seededIds.size()));
                long t = System.nanoTime();
                var doc = orders.find(Filters.eq("_id", id)).first();
                rec.record("driver find({_id})", System.nanoTime() - t, doc != null);
            });
            var byId = phase("order(id) over HTTP", clients, warmup, seconds, (client, rec) -> {
                var buyer = world.buyers.get(client % world.buyers.size());
                var mine = buyer.orders;
                var id = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                timed(rec, "order(id)", buyer.token, ORDER, Map.of("id", id));
            });
            // The same requests from a lean client (RawHttpClient): what the app answers when its load generator
            // takes less of the two cores they share.
            var lean = new RawHttpClient[clients];
            var byIdLean = phase("order(id) over HTTP, lean client", clients, warmup, seconds, (client, rec) -> {
                var buyer = world.buyers.get(client % world.buyers.size());
                var mine = buyer.orders;
                var id = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                if (lean[client] == null) {
                    lean[client] = new RawHttpClient(port, "/graphql");
                }
                leanTimed(rec, "order(id)", lean[client], buyer.token, ORDER, Map.of("id", id));
            });
            for (var client : lean) {
                if (client != null) {
                    client.close();
                }
            }

            if (args.getOrDefault("phases", "all").equals("lag")) {
                line("- phases=lag: the baseline, `order(id)` and the projection lag phase ran");
                var lagOnly = lagPhase(world, orders, eventStorage, arg("lag-orders-per-second", 10),
                        arg("lag-price-changes-per-second", 0), warmup, seconds);
                printLag(lagOnly, null);
                return;
            }
            if (!args.getOrDefault("phases", "all").equals("all")) {
                line("- phases=" + args.get("phases") + ": only the baseline and `order(id)` ran");
                printResults(baseline, byId, byIdLean);
                printByIdAgainstTargets(baseline, byId, byIdLean);
                return;
            }
            long headBefore = eventStorage.headPosition();
            var mix = phase("mix", clients, warmup, seconds, (client, rec) -> {
                if (client < world.factories.size()) {
                    factoryStep(world, world.factories.get(client), orders, rec);
                } else {
                    buyerStep(world, world.buyers.get(client % world.buyers.size()), orders, rec);
                }
            });
            long mixEvents = eventStorage.headPosition() - headBefore;
            line("- events appended during the mix (warm-up and measured): " + mixEvents);

            var lag = lagPhase(world, orders, eventStorage, arg("lag-orders-per-second", 10),
                    arg("lag-price-changes-per-second", 0), warmup, seconds);
            long rssAfter = rssMb();

            printResults(baseline, byId, byIdLean, mix);
            var driver = baseline.stats.get("driver find({_id})");
            printByIdAgainstTargets(baseline, byId, byIdLean);
            printLag(lag, driver);
            line("- ready " + Math.round(readyMs) + " ms (in-process context); target ≤ 5 s: " + verdict(readyMs <= 5000));
            line("- RSS idle " + idleRssMb + " MB (this JVM, benchmark client included), after the run " + rssAfter
                    + " MB; target ≤ 512 MB idle: " + verdict(idleRssMb <= 512));
            line("- load average at the end " + loadAverage());
        } finally {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.toString());
            System.out.println("report written to " + out.toAbsolutePath());
            deleteQuietly(dataDir);
        }
    }

    // --- the world ------------------------------------------------------------------------------------------------

    record Party(Actor actor, String token, List<String> orders, Set<String> reported) {}

    /** {@code factoryOrders}: the orders placed on each factory's listings, by the factory's firm id. */
    record World(List<Party> factories, List<Party> buyers, List<String> listings, LocalDate today,
            Map<String, Set<String>> factoryOrders) {
        List<String> orderIds() {
            var ids = new ArrayList<String>();
            buyers.forEach(b -> ids.addAll(b.orders));
            return ids;
        }
    }

    private World seed(int clients, MongoCollection<Document> orders) throws Exception {
        int factories = arg("factories", 4);
        int listingsCount = arg("listings", 8);
        int buyersCount = Math.max(1, clients - factories);
        int ordersPerBuyer = arg("orders-per-buyer", 5);
        var progress = Progress.start(registry, "load-benchmark-seed",
                factories + listingsCount + buyersCount + (long) buyersCount * ordersPerBuyer, Duration.ofSeconds(2));
        long started = System.nanoTime();
        var today = LocalDate.now(CALENDAR);
        var factoryParties = new ArrayList<Party>();
        for (int f = 0; f < factories; f++) {
            factoryParties.add(register("FACTORY"));
            progress.step();
        }
        var listings = new ArrayList<String>();
        for (int l = 0; l < listingsCount; l++) {
            var factory = factoryParties.get(l % factories);
            var listingId = "listing-" + UUID.randomUUID();
            var input = new LinkedHashMap<String, Object>();
            input.put("listingId", listingId);
            input.put("stepCode", "headwear.embroidery");
            input.put("unit", "piece");
            input.put("unitPriceFen", 150 + l);
            input.put("minOrderQuantity", 1);
            input.put("dailyCapacity", 10_000_000);
            input.put("bookableFrom", today.plusDays(1).toString());
            input.put("bookableTo", today.plusDays(60).toString());
            input.put("leadTimeDays", 0);
            input.put("province", "山东");
            input.put("city", "青岛");
            input.put("requiredMaterials", List.of("caps"));
            input.put("qualityStandard", "GB/T 2912");
            graphQl(factory.token, "mutation($input: PublishListingInput!) { publishListing(input: $input) { listingId } }",
                    Map.of("input", input));
            listings.add(listingId);
            progress.step();
        }
        var buyers = new ArrayList<Party>();
        for (int b = 0; b < buyersCount; b++) {
            buyers.add(register("BUYER"));
            progress.step();
        }
        var world = new World(factoryParties, buyers, listings, today, new ConcurrentHashMap<>());
        awaitListingsVisible(listings);
        var pool = Executors.newFixedThreadPool(8);
        var done = new CountDownLatch(buyersCount * ordersPerBuyer);
        for (var buyer : buyers) {
            for (int o = 0; o < ordersPerBuyer; o++) {
                pool.submit(() -> {
                    try {
                        var orderId = "order-" + UUID.randomUUID();
                        graphQl(buyer.token, PLACE_ORDER, Map.of("input", placement(world, orderId)));
                        buyer.orders.add(orderId);
                    } catch (Exception e) {
                        System.err.println("seed order failed: " + e.getMessage());
                    } finally {
                        progress.step();
                        done.countDown();
                    }
                });
            }
        }
        done.await(10, TimeUnit.MINUTES);
        pool.shutdown();
        // order(id) reads only orders the read model shows
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (orders.countDocuments(Filters.in("_id", world.orderIds())) < world.orderIds().size()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        progress.finish();
        line(String.format(Locale.ROOT, "- seeded over GraphQL in %.1f s: %d factories, %d listings, %d buyers, %d orders",
                (System.nanoTime() - started) / 1e9, factories, listingsCount, buyersCount, world.orderIds().size()));
        return world;
    }

    private Party register(String role) throws Exception {
        var firmId = UUID.randomUUID().toString();
        var actor = GraphQlClients.actor(firmId, role);
        var token = GraphQlClients.token(port, actor);
        graphQl(token, "mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }",
                Map.of("input", Map.of("firmId", firmId, "name", "胶州帽业" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(), "roles", List.of(role), "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234")));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (graphQl(token, "query($id: ID!) { firm(id: $id) { id } }", Map.of("id", firmId)).path("firm")
                .path("id").isMissingNode()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("firm " + firmId + " not projected in 30 s");
            }
            Thread.sleep(20);
        }
        return new Party(actor, token, new java.util.concurrent.CopyOnWriteArrayList<>(), ConcurrentHashMap.newKeySet());
    }

    private void awaitListingsVisible(List<String> listings) throws Exception {
        for (var id : listings) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (graphQl(null, "query($id: ID!) { listing(id: $id) { id } }", Map.of("id", id)).path("listing")
                    .path("id").isMissingNode()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("listing " + id + " not projected in 30 s");
                }
                Thread.sleep(20);
            }
        }
    }

    private static Map<String, Object> placement(World world, String orderId) {
        var input = new LinkedHashMap<String, Object>();
        input.put("orderId", orderId);
        int listing = ThreadLocalRandom.current().nextInt(world.listings.size());
        input.put("listingId", world.listings.get(listing));
        var factory = world.factories.get(listing % world.factories.size()); // listing l is factory l's, round robin
        world.factoryOrders.computeIfAbsent(factory.actor.firmId(), firm -> ConcurrentHashMap.newKeySet()).add(orderId);
        input.put("quantity", 10);
        input.put("windowFrom", world.today.plusDays(1).toString());
        input.put("windowTo", world.today.plusDays(20).toString());
        input.put("materials", List.of(Map.of("material", "caps", "quantity", 12)));
        input.put("inHouseUnitCostFen", 220);
        return input;
    }

    // --- the mix --------------------------------------------------------------------------------------------------

    private static final String ORDER = "query($id: ID!) { order(id: $id) { id status quantity amount { fen currency yuan }"
            + " unitPrice { fen } listingId factoryFirmId buyerFirmId payBy dueDate placedAt updatedAt"
            + " timeline { what actorRole at } } }";
    private static final String LISTINGS = "query($filter: ListingFilter, $first: Int) { listings(filter: $filter, "
            + "sort: PRICE_ASC, first: $first) { edges { cursor node { id step { id industryCode } unitPrice { fen } "
            + "leadTimeDays earliestFreeDay province city status } } pageInfo { hasNextPage endCursor } } }";
    private static final String PLACE_ORDER = "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId pending } }";
    private static final String JOB_BOARD = "{ jobBoard { awaitingAcceptance { edges { node { id status } } }"
            + " inProduction { edges { node { id status } } } } }";

    private static String orderMutation(String name, String inputType) {
        return "mutation($input: " + inputType + "!) { " + name + "(input: $input) { orderId pending order { id status } } }";
    }

    private void buyerStep(World world, Party buyer, MongoCollection<Document> orders, Recorder rec) {
        var random = ThreadLocalRandom.current();
        timed(rec, "listings (browse)", buyer.token, LISTINGS,
                Map.of("filter", Map.of("stepCode", "headwear.embroidery", "province", "山东"), "first", 20));
        timed(rec, "order(id)", buyer.token, ORDER, Map.of("id", buyer.orders.get(random.nextInt(buyer.orders.size()))));
        if (random.nextInt(3) == 0) {
            var orderId = "order-" + UUID.randomUUID();
            if (timed(rec, "placeOrder", buyer.token, PLACE_ORDER, Map.of("input", placement(world, orderId))) != null) {
                buyer.orders.add(orderId);
            }
        }
        // What the phone would hear over its subscription: an own order waiting for the buyer.
        var next = firstWaiting(orders, buyer.orders, BUYER_STEPS);
        if (next == null) {
            return;
        }
        var orderId = next.getString("_id");
        if ("PAYMENT_DUE".equals(next.getString("status"))) {
            var data = timed(rec, "payOrder", buyer.token,
                    "mutation($orderId: ID!) { payOrder(orderId: $orderId) { orderId payUrl } }", Map.of("orderId", orderId));
            var payUrl = data == null ? "" : data.path("payOrder").path("payUrl").asText("");
            if (!payUrl.isEmpty()) {
                long t = System.nanoTime();
                boolean ok;
                try {
                    ok = http.send(HttpRequest.newBuilder(URI.create(payUrl)).POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (Exception e) {
                    ok = false;
                }
                rec.record("sandbox pay URL", System.nanoTime() - t, ok);
            }
        } else {
            timed(rec, "shipMaterials", buyer.token, orderMutation("shipMaterials", "ShipMaterialsInput"),
                    Map.of("input", Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF" + orderId.hashCode(),
                            "materials", List.of(Map.of("material", "caps", "quantity", 12)))));
        }
    }

    /**
     * The first of these orders whose status is one of {@code statuses}, read by {@code _id} only: mongo-java-server
     * serves a query from an index only when the filter has exactly the index's keys, so a filter on the firm and the
     * status scanned {@code order_views} for every step of every client, and those scans competed with the app.
     */
    private static Document firstWaiting(MongoCollection<Document> orders, java.util.Collection<String> ids,
            List<String> statuses) {
        if (ids.isEmpty()) {
            return null;
        }
        for (var doc : orders.find(Filters.in("_id", List.copyOf(ids))).projection(new Document("_id", 1).append(
                "status", 1))) {
            if (statuses.contains(doc.getString("status"))) {
                return doc;
            }
        }
        return null;
    }

    private void factoryStep(World world, Party factory, MongoCollection<Document> orders, Recorder rec) {
        timed(rec, "jobBoard", factory.token, JOB_BOARD, Map.of());
        var mine = new HashSet<>(world.factoryOrders.getOrDefault(factory.actor.firmId(), Set.of()));
        mine.removeAll(factory.reported);
        var next = firstWaiting(orders, mine, FACTORY_STEPS);
        if (next == null) {
            return;
        }
        var orderId = next.getString("_id");
        switch (next.getString("status")) {
            case "PAID" -> timed(rec, "acceptOrder", factory.token, orderMutation("acceptOrder", "OrderIdInput"),
                    Map.of("input", Map.of("orderId", orderId)));
            case "MATERIALS_SHIPPED" -> timed(rec, "recordMaterialsReceived", factory.token,
                    orderMutation("recordMaterialsReceived", "RecordMaterialsReceivedInput"),
                    Map.of("input", Map.of("orderId", orderId, "materials", List.of(Map.of("material", "caps", "quantity", 12)),
                            "discrepancies", "none")));
            case "MATERIALS_RECEIVED" -> timed(rec, "startProduction", factory.token,
                    orderMutation("startProduction", "OrderIdInput"), Map.of("input", Map.of("orderId", orderId)));
            default -> {
                if (timed(rec, "reportProgress", factory.token, orderMutation("reportProgress", "ReportProgressInput"),
                        Map.of("input", Map.of("orderId", orderId, "reportId", "r1", "goodUnits", 9, "defectiveUnits", 1,
                                "materials", List.of(Map.of("material", "caps", "consumed", 10, "scrapped", 1))))) != null) {
                    factory.reported.add(orderId);
                }
            }
        }
    }

    // --- projection lag at a fixed rate -----------------------------------------------------------------------------

    record Lag(Stats answerToView, Stats gauge, double eventsPerSecond, double ordersPerSecond, Delays delays,
            double priceChangesPerSecond, StoreCommands storeCommands, long events) {}

    /**
     * The app's MongoDB commands (the driver's {@code mongodb.driver.commands} timers), by command and collection:
     * count and total time. The difference of two snapshots is what a phase asked of its store.
     */
    record StoreCommands(Map<String, long[]> countAndNanos) {

        static StoreCommands snapshot(MeterRegistry registry) {
            var byKey = new TreeMap<String, long[]>();
            for (var timer : registry.find("mongodb.driver.commands").timers()) {
                var key = timer.getId().getTag("command") + " " + timer.getId().getTag("collection");
                var value = byKey.computeIfAbsent(key, k -> new long[2]);
                value[0] += timer.count();
                value[1] += (long) timer.totalTime(TimeUnit.NANOSECONDS);
            }
            return new StoreCommands(byKey);
        }

        StoreCommands since(StoreCommands before) {
            var byKey = new TreeMap<String, long[]>();
            countAndNanos.forEach((key, value) -> {
                var earlier = before.countAndNanos.getOrDefault(key, new long[2]);
                if (value[0] > earlier[0]) {
                    byKey.put(key, new long[] {value[0] - earlier[0], value[1] - earlier[1]});
                }
            });
            return new StoreCommands(byKey);
        }

        long total() {
            return countAndNanos.values().stream().mapToLong(v -> v[0]).sum();
        }
    }

    /**
     * The app's own {@code sharefab.projection.delay} histograms (append → handled, per processing group), as bucket
     * counts: the phase's delays are the difference between two snapshots. A percentile is the upper bound of the
     * bucket it falls in (the buckets are 1, 2, 5, 10, 20, 30, 50, 75, 100, 200, 500 ms, 1, 2, 5, 10, 30, 60 s).
     */
    record Delays(Map<String, TreeMap<Double, Long>> cumulativeByGroup) {

        static Delays snapshot(MeterRegistry registry) {
            var byGroup = new TreeMap<String, TreeMap<Double, Long>>();
            for (var timer : registry.find("sharefab.projection.delay").timers()) {
                var buckets = new TreeMap<Double, Long>();
                for (var bucket : timer.takeSnapshot().histogramCounts()) {
                    buckets.put(bucket.bucket(TimeUnit.MILLISECONDS), (long) bucket.count());
                }
                buckets.put(Double.POSITIVE_INFINITY, timer.count());
                byGroup.put(timer.getId().getTag("processing_group"), buckets);
            }
            return new Delays(byGroup);
        }

        Delays since(Delays before) {
            var byGroup = new TreeMap<String, TreeMap<Double, Long>>();
            cumulativeByGroup.forEach((group, buckets) -> {
                var earlier = before.cumulativeByGroup.getOrDefault(group, new TreeMap<>());
                var delta = new TreeMap<Double, Long>();
                buckets.forEach((bound, count) -> delta.put(bound, count - earlier.getOrDefault(bound, 0L)));
                byGroup.put(group, delta);
            });
            return new Delays(byGroup);
        }

        /** Over every group, or one group: how many events, and the bucket bound the percentile falls in. */
        long count(String group) {
            return merged(group).lastEntry() == null ? 0 : merged(group).lastEntry().getValue();
        }

        double p(String group, double percentile) {
            var merged = merged(group);
            long total = merged.isEmpty() ? 0 : merged.lastEntry().getValue();
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(percentile / 100.0 * total);
            for (var entry : merged.entrySet()) {
                if (entry.getValue() >= rank) {
                    return entry.getKey();
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Every group but the sagas: a saga on n segments handles each event n times (once per segment). */
        static final String PROJECTIONS = "projections";

        private TreeMap<Double, Long> merged(String group) {
            var merged = new TreeMap<Double, Long>();
            cumulativeByGroup.forEach((name, buckets) -> {
                if (group == null || group.equals(name) || (group.equals(PROJECTIONS) && !name.endsWith("saga"))) {
                    buckets.forEach((bound, count) -> merged.merge(bound, count, Long::sum));
                }
            });
            return merged;
        }

        /** The group whose p99 is the highest, with enough events to have one. */
        String slowestGroup() {
            return cumulativeByGroup.keySet().stream().filter(g -> count(g) >= 100)
                    .max(Comparator.comparingDouble(g -> p(g, 99))).orElse(null);
        }
    }

    private Lag lagPhase(World world, MongoCollection<Document> orders, MongoCommitEventStorageEngine eventStorage,
            int ordersPerSecond, int priceChangesPerSecond, int warmupSeconds, int seconds) throws Exception {
        var pending = new ConcurrentHashMap<String, Long>();
        var lags = new Recorder();
        var gauge = new Recorder();
        var stop = new AtomicBoolean();
        var placed = new AtomicLong();
        var progress = Progress.start(registry, "load-benchmark-lag", (long) ordersPerSecond * seconds, Duration.ofSeconds(2));
        // How often the poller looks: each look is one $in over up to 64 orders, served by the app's embedded store on
        // the app's cores. Looking every millisecond (before session 9) cost about one more find of order_views per
        // event appended than every 5 ms (4.8 against 3.8-4.3, docs/benchmarks.md); a lag reads up to this much late.
        long pollMillis = arg("lag-poll-ms", 5);
        var poller = new Thread(() -> {
            while (!stop.get() || !pending.isEmpty()) {
                if (!pending.isEmpty()) {
                    // Only the _id in the filter: mongo-java-server serves a query from the _id index only when the
                    // filter has exactly the index's keys; with the status beside it, every poll scanned order_views.
                    // At most the 64 longest-waiting orders per poll: with hundreds pending, an $in over all of them
                    // every millisecond was itself a tenth of the embedded server's CPU.
                    var oldest = pending.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(64)
                            .map(Map.Entry::getKey).toList();
                    for (var doc : orders.find(Filters.in("_id", oldest))
                            .projection(new Document("_id", 1).append("status", 1))) {
                        if ("PLACED".equals(doc.getString("status"))) {
                            continue;
                        }
                        Long answered = pending.remove(doc.getString("_id"));
                        if (answered != null) {
                            lags.record("lag", System.nanoTime() - answered, true);
                            progress.step();
                        }
                    }
                }
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (stop.get() && System.nanoTime() > stopDeadline.get()) {
                    return;
                }
            }
        }, "lag-poller");
        // The app's projection-lag gauges (what /actuator/prometheus shows as sharefab_projection_lag_time_milliseconds),
        // read in this JVM 10 times a second. Scraping the whole registry over HTTP that often (a Prometheus server
        // scrapes every 15 s or so) was 5-6 % of the process's CPU in the lag phase, taken from the app it measured.
        var scraper = new Thread(() -> {
            while (!stop.get()) {
                double max = 0;
                for (var lag : registry.find("sharefab.projection.lag.time").gauges()) {
                    double v = lag.value();
                    if (!Double.isNaN(v)) {
                        max = Math.max(max, v);
                    }
                }
                gauge.record("gauge", (long) (max * 1e6), true);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lag-scraper");
        var senders = Executors.newFixedThreadPool(32);
        var priceChanges = new AtomicLong();
        var pricing = new AtomicBoolean(true);
        // Factories change their listings' prices at their own fixed rate: one event each, seen by the listing views,
        // the catalog, the audit chain and the other groups that read every event; no saga involved.
        var pricer = atFixedRate("lag-pricer", priceChangesPerSecond, pricing, k -> {
            int listing = k % world.listings.size();
            var factory = world.factories.get(listing % world.factories.size());
            long price = 150 + listing + (k / world.listings.size()) % 50;
            senders.submit(() -> {
                try {
                    graphQl(factory.token, "mutation($input: ChangeListingPriceInput!) { changeListingPrice("
                            + "input: $input) { listingId } }", Map.of("input", Map.of(
                                    "listingId", world.listings.get(listing), "unitPriceFen", price)));
                    priceChanges.incrementAndGet();
                } catch (Exception e) {
                    System.err.println("lag phase: changeListingPrice failed: " + e.getMessage());
                }
            });
        });
        // The orders come at their fixed rate from the start of the warm-up; only those placed once measuring has
        // begun are watched.
        var measuring = new AtomicBoolean();
        var generating = new AtomicBoolean(true);
        var generator = atFixedRate("lag-orders", ordersPerSecond, generating, i -> {
            var buyer = world.buyers.get(i % world.buyers.size());
            senders.submit(() -> {
                var orderId = "order-" + UUID.randomUUID();
                boolean watched = measuring.get();
                try {
                    var data = graphQl(buyer.token, PLACE_ORDER, Map.of("input", placement(world, orderId)));
                    if (watched && orderId.equals(data.path("placeOrder").path("orderId").asText())) {
                        pending.put(orderId, System.nanoTime());
                        long watchedSoFar = placed.incrementAndGet();
                        // Saturated, the senders still place orders of the warm-up once measuring began: all watched.
                        progress.totalAtLeast(watchedSoFar);
                    }
                } catch (Exception e) {
                    System.err.println("lag phase: placeOrder failed: " + e.getMessage());
                }
            });
        });
        generator.start();
        pricer.start();
        double warmedFor = warmUp("lag", warmupSeconds);
        var delaysBefore = Delays.snapshot(registry);
        var commandsBefore = StoreCommands.snapshot(registry);
        long head0 = eventStorage.headPosition();
        long priceChanges0 = priceChanges.get();
        long jitBefore = jitMillis();
        long cpuBefore = processCpuNanos();
        boolean wall = args.getOrDefault("profile-mode", "cpu").equals("wall");
        profiler(wall ? "start,event=wall,interval=10ms,threads" : "start,event=itimer,interval=1ms");
        long started = System.nanoTime();
        measuring.set(true);
        poller.start();
        scraper.start();
        TimeUnit.SECONDS.sleep(seconds);
        generating.set(false);
        long cpuDuring = processCpuNanos() - cpuBefore;
        double measuredFor = (System.nanoTime() - started) / 1e9;
        generator.join(5_000);
        profiler("stop,collapsed,file=" + Path.of("target", wall ? "profile-lag-wall.collapsed"
                : "profile-lag-cpu.collapsed").toAbsolutePath());
        pricing.set(false);
        pricer.join(5_000);
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long events = eventStorage.headPosition() - head0;
        var commands = StoreCommands.snapshot(registry).since(commandsBefore);
        long jitDuring = jitMillis() - jitBefore;
        long priceChangesMeasured = priceChanges.get() - priceChanges0;
        stopDeadline.set(System.nanoTime() + Duration.ofSeconds(30).toNanos());
        stop.set(true);
        poller.join(60_000);
        scraper.join(5_000);
        progress.finish();
        var delays = Delays.snapshot(registry).since(delaysBefore);
        line(String.format(Locale.ROOT, "- lag phase: after %.0f s of warm-up at the same rates, %d orders placed in %.1f s "
                        + "(asked %d/s), %d price changes (asked %d/s), %d events appended, %d orders never showed an "
                        + "outcome within 30 s (order_views polled every %d ms); CPU of the JIT while measured: %d ms (%.1f %% "
                        + "of one core); CPU of the whole process (app and benchmark) while orders were sent: %.2f of %d "
                        + "cores", warmedFor, placed.get(), elapsed, ordersPerSecond, priceChangesMeasured,
                priceChangesPerSecond, events, pending.size(), pollMillis, jitDuring, jitDuring / (elapsed * 10),
                cpuDuring / 1e9 / measuredFor, Runtime.getRuntime().availableProcessors()));
        return new Lag(lags.stats("lag"), gauge.stats("gauge"), events / elapsed, placed.get() / elapsed, delays,
                priceChangesMeasured / elapsed, commands, events);
    }

    /**
     * A thread (not started) that calls {@code step} with 0, 1, 2… at {@code perSecond} a second (open loop: a late
     * step does not delay the schedule) while {@code running}; with {@code perSecond <= 0} it does nothing.
     */
    private static Thread atFixedRate(String name, int perSecond, AtomicBoolean running, IntConsumer step) {
        return new Thread(() -> {
            if (perSecond <= 0) {
                return;
            }
            long interval = 1_000_000_000L / perSecond;
            long due = System.nanoTime();
            for (int k = 0; running.get(); k++) {
                step.accept(k);
                due += interval;
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, name);
    }

    private final AtomicLong stopDeadline = new AtomicLong(Long.MAX_VALUE);

    // --- phases and measurement -----------------------------------------------------------------------------------

    interface Step {
        void run(int client, Recorder recorder) throws Exception;
    }

    /** A measured phase: its seconds, its operations, the warm-up it took and the JIT's time during it (ms). */
    record Result(String name, double seconds, Map<String, Stats> stats, double warmupSeconds, long jitMillis) {}

    /**
     * With {@code async-profiler=<path to libasyncProfiler.so>} (async-profiler from Maven Central,
     * {@code tools.profiler:async-profiler}, unpacked), each measured phase is profiled on its own: CPU samples, written
     * as collapsed stacks to {@code target/profile-<phase>.collapsed}. Loaded by reflection: no build dependency.
     */
    private Object asyncProfiler;

    private void profiler(String command) {
        String library = args.get("async-profiler");
        if (library == null) {
            return;
        }
        try {
            if (asyncProfiler == null) { // one class loader: the native library loads into one only
                var jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "tools", "profiler",
                        "async-profiler", args.getOrDefault("async-profiler-version", "4.1"),
                        "async-profiler-" + args.getOrDefault("async-profiler-version", "4.1") + ".jar");
                var type = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()})
                        .loadClass("one.profiler.AsyncProfiler");
                asyncProfiler = type.getMethod("getInstance", String.class).invoke(null, library);
            }
            System.out.println("async-profiler: " + asyncProfiler.getClass().getMethod("execute", String.class)
                    .invoke(asyncProfiler, command));
        } catch (Exception e) {
            System.err.println("async-profiler failed: " + e + " " + e.getCause());
        }
    }

    private void printLag(Lag lag, Stats driver) {
        line(String.format(Locale.ROOT, "- projection lag (placeOrder answered → reservation outcome in order_views):"
                        + " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d orders at %.0f events/s appended "
                        + "(%.0f orders/s); `sharefab_projection_lag_time` max over groups, sampled every 100 ms: "
                        + "p99 %.1f ms, max %.1f ms%s. Target p99 ≤ 50 ms at 500 events/s: %s",
                lag.answerToView.p(50), lag.answerToView.p(95), lag.answerToView.p(99), lag.answerToView.ok,
                lag.eventsPerSecond, lag.ordersPerSecond, lag.gauge.p(99), lag.gauge.max(),
                driver == null ? "" : String.format(Locale.ROOT, "; driver find p99 for scale %.2f ms", driver.p(99)),
                verdict(lag.answerToView.p(99) <= 50 && lag.eventsPerSecond >= 500)));
        var slowest = lag.delays.slowestGroup();
        line(String.format(Locale.ROOT, "- projection delay (the app's `sharefab.projection.delay`: event appended → its "
                        + "processing group done with it; percentile = upper bound of its bucket), over %d handlings in "
                        + "the projections (every group but the saga) at %.0f events/s: p50 ≤ %.0f ms, p95 ≤ %.0f ms, "
                        + "p99 ≤ %.0f ms; `order-views` p99 ≤ %.0f ms; slowest group %s p99 ≤ %.0f ms. Target p99 ≤ 50 "
                        + "ms at 500 events/s: %s",
                lag.delays.count(Delays.PROJECTIONS), lag.eventsPerSecond, lag.delays.p(Delays.PROJECTIONS, 50),
                lag.delays.p(Delays.PROJECTIONS, 95), lag.delays.p(Delays.PROJECTIONS, 99),
                lag.delays.p("order-views", 99), slowest, slowest == null ? Double.NaN : lag.delays.p(slowest, 99),
                verdict(lag.delays.p(Delays.PROJECTIONS, 99) <= 50 && lag.eventsPerSecond >= 500)));
        for (var group : lag.delays.cumulativeByGroup().keySet()) {
            line(String.format(Locale.ROOT, "  - `%s`: %d events, p50 ≤ %.0f ms, p99 ≤ %.0f ms", group,
                    lag.delays.count(group), lag.delays.p(group, 50), lag.delays.p(group, 99)));
        }
        long perEventBase = Math.max(1, lag.events);
        line(String.format(Locale.ROOT, "- store commands while measured (the app's client, `mongodb.driver.commands`; "
                + "`find order_views` includes the benchmark's own polling): %d, %.1f per event appended",
                lag.storeCommands.total(), lag.storeCommands.total() / (double) perEventBase));
        line("");
        line("| command collection | count | per event | total ms | mean ms |");
        line("|---|---:|---:|---:|---:|");
        lag.storeCommands.countAndNanos().entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .forEach(e -> line(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f |", e.getKey(),
                        e.getValue()[0], e.getValue()[0] / (double) perEventBase, e.getValue()[1] / 1e6,
                        e.getValue()[1] / 1e6 / e.getValue()[0])));
        line("");
    }

    private void printResults(Result... results) {
        line("");
        line("## Results");
        line("");
        line("| phase | operation | ok | errors | ops/s | p50 ms | p95 ms | p99 ms | max ms |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var result : results) {
            for (var entry : new TreeMap<>(result.stats).entrySet()) {
                var s = entry.getValue();
                line(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |",
                        result.name, entry.getKey(), s.ok, s.errors, s.ok / result.seconds, s.p(50), s.p(95),
                        s.p(99), s.max()));
            }
        }
        for (var result : results) {
            line(String.format(Locale.ROOT, "- %s: warm-up %.0f s; CPU of the JIT's compiler threads during the measured %.0f s: %d ms "
                            + "(%.1f %% of one core)", result.name, result.warmupSeconds, result.seconds,
                    result.jitMillis, result.jitMillis / (result.seconds * 10)));
        }
        for (var result : results) {
            new TreeMap<>(result.stats).forEach((op, s) -> {
                if (s.errors > 0) {
                    line("- errors of " + result.name + " / " + op + " by code: " + s.errorsByCode);
                }
            });
        }
    }

    /** {@code clients} threads run {@code step} for warm-up then measured seconds; only the measured part counts. */
    private Result phase(String name, int clients, int warmupSeconds, int seconds, Step step) throws Exception {
        var measuring = new AtomicBoolean();
        var stop = new AtomicBoolean();
        var recorder = new Recorder();
        var warm = new Recorder();
        var ops = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            var thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        step.run(client, measuring.get() ? recorder : warm);
                        if (measuring.get()) {
                            ops.incrementAndGet();
                        }
                    } catch (Exception e) {
                        (measuring.get() ? recorder : warm).record("unexpected " + e.getClass().getSimpleName(), 0, false);
                    }
                }
            }, "client-" + c);
            thread.start();
            threads.add(thread);
        }
        double warmedFor = warmUp(name, warmupSeconds);
        long jitBefore = jitMillis();
        measuring.set(true);
        // profile-mode=wall: wall clock per thread (what threads wait for) instead of CPU samples
        profiler(args.getOrDefault("profile-mode", "cpu").equals("wall") ? "start,event=wall,interval=10ms,threads"
                : "start,event=itimer,interval=1ms");
        var progress = Progress.start(registry, "load-benchmark-" + name.replaceAll("[^a-zA-Z0-9]+", "-").toLowerCase(Locale.ROOT),
                seconds, Duration.ofSeconds(5));
        long started = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1000);
            progress.step(); // done/total in seconds of the phase; the line below gives the operations
            if ((s + 1) % 5 == 0) {
                System.out.printf(Locale.ROOT, "  %s: %d s of %d, %d iterations, %.0f/s%n", name, s + 1, seconds,
                        ops.get(), ops.get() / ((System.nanoTime() - started) / 1e9));
            }
        }
        measuring.set(false);
        profiler("stop,collapsed,file=" + Path.of("target", "profile-" + name.replaceAll("[^a-zA-Z0-9]+", "-") + ".collapsed")
                .toAbsolutePath());
        double elapsed = (System.nanoTime() - started) / 1e9;
        long jitDuring = jitMillis() - jitBefore;
        stop.set(true);
        for (var thread : threads) {
            thread.join(60_000);
        }
        progress.finish();
        var stats = new HashMap<String, Stats>();
        for (var op : recorder.ops()) {
            stats.put(op, recorder.stats(op));
        }
        System.out.println("phase " + name + " done: " + stats.keySet());
        return new Result(name, elapsed, stats, warmedFor, jitDuring);
    }

    /**
     * The warm-up of a phase: at least {@code minSeconds}, then on until the JIT has settled (its compiler threads
     * used less than {@code jit-settled-ms} of CPU, default 250 ms = 5 % of one core, in the last 5 s) or
     * {@code warmup-max} seconds (default 180) have passed. On two cores the JIT competes with the load itself: after a
     * fixed 5–10 s it still took 30 % of the CPU of the {@code order(id)} phase (session 6), which then measured the
     * compiler as much as the app. Answers the seconds it took.
     */
    private double warmUp(String name, int minSeconds) throws InterruptedException {
        long started = System.nanoTime();
        Thread.sleep(minSeconds * 1000L);
        int maxSeconds = Math.max(minSeconds, arg("warmup-max", 180));
        long settledMillis = arg("jit-settled-ms", 250);
        long compiled = jitMillis();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long loaded = classes.getTotalLoadedClassCount();
        while ((System.nanoTime() - started) / 1e9 + 5 <= maxSeconds) {
            Thread.sleep(5_000);
            long now = jitMillis();
            long nowLoaded = classes.getTotalLoadedClassCount();
            System.out.printf(Locale.ROOT, "  %s warm-up: %.0f s; in the last 5 s the JIT used %d ms of CPU and %d classes were loaded%n",
                    name, (System.nanoTime() - started) / 1e9, now - compiled, nowLoaded - loaded);
            loaded = nowLoaded;
            if (now - compiled < settledMillis) {
                break;
            }
            compiled = now;
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * CPU time the JIT's compiler threads have used so far (ms), from {@code /proc/self/task/<tid>/stat} (threads named
     * {@code C1/C2 CompilerThread…}). Not the {@code CompilationMXBean}'s total: that is elapsed time, which on a busy
     * 2-core host grows at wall-clock speed while the compiler threads wait for a core, so it never "settles". Where
     * {@code /proc} is missing, falls back to it.
     */
    /** CPU time of this whole process (every thread), in ns; 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static long jitMillis() {
        var tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            var jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        }
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (var task : threads.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).contains("CompilerThre")) {
                        continue;
                    }
                    // after "(comm) ": state is field 3; utime and stime are fields 14 and 15
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private void printByIdAgainstTargets(Result baseline, Result... byIdPhases) {
        var driver = baseline.stats.get("driver find({_id})");
        line("");
        line("## Against the baseline and the targets");
        line("");
        for (var byId : byIdPhases) {
            var graph = byId.stats.get("order(id)");
            line(String.format(Locale.ROOT, "- %s: %.0f requests/s vs the driver's %.0f finds/s = **%.3f×**; p99 %.2f ms "
                            + "vs %.2f ms = **%.1f×**. Target ≥ 5,000/s with p99 ≤ 20 ms at 32 clients: %s", byId.name,
                    graph.ok / byId.seconds, driver.ok / baseline.seconds,
                    (graph.ok / byId.seconds) / (driver.ok / baseline.seconds), graph.p(99), driver.p(99),
                    graph.p(99) / driver.p(99), verdict(graph.ok / byId.seconds >= 5000 && graph.p(99) <= 20)));
        }
    }

    private static final byte[] DATA_PREFIX = "{\"data\":{".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] ERRORS = "\"errors\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * {@link #timed} through a {@link RawHttpClient}: success is status 200 with a body that starts with
     * {@code {"data":{} and names no {@code "errors"}.
     */
    private void leanTimed(Recorder rec, String op, RawHttpClient client, String token, String query,
            Map<String, Object> variables) {
        long t = System.nanoTime();
        try {
            var response = client.post(token, JSON.writeValueAsBytes(Map.of("query", query, "variables", variables)));
            var body = response.body();
            boolean ok = response.status() == 200 && Arrays.equals(body, 0, Math.min(body.length, DATA_PREFIX.length),
                    DATA_PREFIX, 0, DATA_PREFIX.length) && indexOf(body, ERRORS) < 0;
            if (ok) {
                rec.record(op, System.nanoTime() - t, true);
            } else {
                var code = response.status() == 200 ? JSON.readTree(body).path("errors").path(0).path("extensions")
                        .path("code").asText("no data") : "HTTP " + response.status();
                rec.recordError(op, code);
            }
        } catch (Exception e) {
            rec.recordError(op, e.getClass().getSimpleName());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** POSTs a GraphQL request and records its latency as {@code op}; answers {@code data}, null on any error. */
    private JsonNode timed(Recorder rec, String op, String token, String query, Map<String, Object> variables) {
        long t = System.nanoTime();
        try {
            var data = graphQl(token, query, variables);
            rec.record(op, System.nanoTime() - t, true);
            return data;
        } catch (GraphQlFailure e) {
            rec.recordError(op, e.code);
            return null;
        } catch (Exception e) {
            rec.recordError(op, e.getClass().getSimpleName());
            return null;
        }
    }

    /** A GraphQL answer with errors, or a non-200: what the phone would show, by the first error's code. */
    static final class GraphQlFailure extends Exception {
        final String code;

        GraphQlFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private JsonNode graphQl(String token, String query, Map<String, Object> variables) throws Exception {
        var builder = HttpRequest.newBuilder(graphql)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "variables", variables))));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        var body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || (body.has("errors") && !body.get("errors").isEmpty())) {
            String code = body.path("errors").path(0).path("extensions").path("code").asText("HTTP " + response.statusCode());
            throw new GraphQlFailure(code, response.statusCode() + " " + response.body());
        }
        return body.path("data");
    }

    /** Latencies per operation, in nanoseconds; errors counted apart. */
    static final class Recorder {
        private final Map<String, ConcurrentLinkedQueue<Long>> ok = new ConcurrentHashMap<>();
        private final Map<String, Map<String, AtomicLong>> errors = new ConcurrentHashMap<>();

        void record(String op, long nanos, boolean success) {
            if (success) {
                ok.computeIfAbsent(op, k -> new ConcurrentLinkedQueue<>()).add(nanos);
            } else {
                recordError(op, "failed");
            }
        }

        /** A failed operation, by what failed (the GraphQL error code, or the exception). */
        void recordError(String op, String code) {
            errors.computeIfAbsent(op, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(code, k -> new AtomicLong())
                    .incrementAndGet();
        }

        Set<String> ops() {
            var all = new HashSet<>(ok.keySet());
            all.addAll(errors.keySet());
            return all;
        }

        Stats stats(String op) {
            var values = ok.getOrDefault(op, new ConcurrentLinkedQueue<>()).stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(values);
            var byCode = new TreeMap<String, Long>();
            errors.getOrDefault(op, Map.of()).forEach((code, n) -> byCode.put(code, n.get()));
            return new Stats(values, values.length, byCode.values().stream().mapToLong(Long::longValue).sum(), byCode);
        }
    }

    record Stats(long[] sorted, long ok, long errors, Map<String, Long> errorsByCode) {
        /** Nearest-rank percentile in milliseconds. */
        double p(double percent) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percent / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double max() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        }
    }

    // --- small things ---------------------------------------------------------------------------------------------

    private void awaitReady() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        while (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            Thread.sleep(20);
        }
    }

    private static long rssMb() {
        try {
            for (var l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String verdict(boolean pass) {
        return pass ? "**PASS**" : "**MISS**";
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
