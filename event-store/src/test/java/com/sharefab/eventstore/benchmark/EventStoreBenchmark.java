package com.sharefab.eventstore.benchmark;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Benchmarks {@code MongoCommitEventStorageEngine} against axon-mongo's {@code MongoEventStorageEngine} and the raw
 * MongoDB driver on the in-process mongo-java-server (memory backend; optionally a small H2-backend run), at 10k, 100k
 * and 1M stored events: single-event appends, aggregate loads (with and without snapshot), "next batch after a token"
 * fetches and a full replay. A program, not a test; see {@code docs/benchmarks.md} for how to run it and the results.
 * <p>
 * The raw baseline reads the Sharefab store's own documents and is measured interleaved with it (ABBA blocks); a
 * discarded 10k round warms the JIT first; phases disturbed by other processes on the machine are repeated once and
 * flagged.
 * <p>
 * Options: {@code --quick} (10k and 100k only, no H2 run), {@code --sizes=10000,100000}, {@code --h2-sizes=10000},
 * {@code --no-h2}, {@code --targets=raw,sharefab,axon}, {@code --out=path} (markdown report, default
 * {@code target/benchmark-results.md}), {@code --box=20} (seconds per measured phase), {@code --axon-replay-box=60},
 * {@code --loads=}, {@code --appends=}, {@code --commit-size=10} (multi-event commits in the Sharefab store),
 * {@code --breakdown[=n]} (only the {@link CostBreakdown}).
 */
public final class EventStoreBenchmark {

    static final int BATCH_SIZE = 100; // Axon's default batch size, used by both engines
    static final double QUIET_CORES = 0.2;
    static final int MAX_ATTEMPTS = 2;
    /** Blocks per target in an interleaved latency phase. */
    static final int BLOCKS = 8;

    private final Options options;
    private final Serializer serializer = BenchmarkData.serializer();
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> seedNotes = new LinkedHashMap<>();
    private final Map<String, Measurement.Stats> seeds = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    /** Total time the run may spend waiting for other processes on the machine to go quiet. */
    private long waitBudgetMillis = 4 * 60_000;

    record Options(List<Long> sizes, List<Long> h2Sizes, boolean quick, Path out, Duration box, Duration warmupBox,
                   Duration replayBox, Duration axonReplayBox, Duration payloadReplayBox, int loads, int loadWarmup,
                   int snapshotLoads, int fetches, int fetchWarmup, int appends, int appendWarmup, int snapshots,
                   List<String> targets, int commitSize, long breakdown) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : args) {
                if (arg == null || arg.isBlank()) {
                    continue;
                }
                for (String part : arg.trim().split("\\s+")) {
                    String[] keyValue = part.replaceFirst("^--", "").split("=", 2);
                    given.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "true");
                }
            }
            boolean quick = given.containsKey("quick");
            List<Long> sizes = longs(given.getOrDefault("sizes", quick ? "10000,100000" : "10000,100000,1000000"));
            List<Long> h2Sizes = given.containsKey("no-h2") ? List.of()
                    : longs(given.getOrDefault("h2-sizes", quick && !given.containsKey("h2") ? "" : "10000"));
            return new Options(sizes, h2Sizes, quick,
                               Path.of(given.getOrDefault("out", "target/benchmark-results.md")),
                               seconds(given, "box", 20), seconds(given, "warmup-box", 10),
                               seconds(given, "replay-box", 300), seconds(given, "axon-replay-box", 60),
                               seconds(given, "payload-replay-box", 30),
                               integer(given, "loads", 3_000), integer(given, "load-warmup", 500),
                               integer(given, "snapshot-loads", 2_000),
                               integer(given, "fetches", 2_000), integer(given, "fetch-warmup", 300),
                               integer(given, "appends", 4_000), integer(given, "append-warmup", 1_000),
                               integer(given, "snapshots", 500),
                               List.of(given.getOrDefault("targets", "raw,sharefab,axon").split(",")),
                               integer(given, "commit-size", 1),
                               !given.containsKey("breakdown") ? 0
                                       : given.get("breakdown").equals("true") ? 100_000
                                       : Long.parseLong(given.get("breakdown")));
        }

        private static List<Long> longs(String text) {
            return text.isBlank() ? List.of()
                    : Arrays.stream(text.split(",")).map(String::trim).map(Long::parseLong).toList();
        }

        private static Duration seconds(Map<String, String> given, String key, int defaultSeconds) {
            return Duration.ofSeconds(Long.parseLong(given.getOrDefault(key, String.valueOf(defaultSeconds))));
        }

        private static int integer(Map<String, String> given, String key, int defaultValue) {
            return Integer.parseInt(given.getOrDefault(key, String.valueOf(defaultValue)));
        }
    }

    record Result(String backend, long n, String target, String phase, Measurement.Stats stats) {
    }

    /** The random choices of one size, shared by the three targets so they do identical work. */
    record Plan(int[] loadAggregates, int[] snapshotAggregates, int[] snapshotLoadAggregates, long[] fetchAfter,
                List<DomainEventMessage<?>> appends) {

        static Plan of(BenchmarkData data, Options options) {
            SplittableRandom random = new SplittableRandom(42 + data.n);
            int[] loads = random.ints(options.loadWarmup() + options.loads(), 0, data.aggregates).toArray();
            int[] permutation = random.ints(0, data.aggregates).distinct()
                                      .limit(Math.min(options.snapshots(), data.aggregates)).toArray();
            int[] snapshotLoads = random.ints(options.loadWarmup() + options.snapshotLoads(), 0, permutation.length)
                                        .map(i -> permutation[i]).toArray();
            long[] fetchAfter = random.longs(options.fetchWarmup() + options.fetches(), 201, data.n - BATCH_SIZE)
                                      .toArray();
            int[] nextSequence = new int[data.aggregates];
            Arrays.fill(nextSequence, BenchmarkData.EVENTS_PER_AGGREGATE);
            List<DomainEventMessage<?>> appends = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < MAX_ATTEMPTS * (options.appendWarmup() + options.appends()); i++) {
                int aggregate = random.nextInt(data.aggregates);
                appends.add(BenchmarkData.event(data.aggregateId(aggregate), nextSequence[aggregate]++,
                                                UUID.randomUUID().toString(), now.plusMillis(i)));
            }
            return new Plan(loads, permutation, snapshotLoads, fetchAfter, appends);
        }
    }

    private EventStoreBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        new EventStoreBenchmark(options).run();
        System.exit(0);
    }

    private void run() {
        String environment = environment();
        log("Environment:\n" + environment);
        log("Options: " + options);

        if (options.breakdown() > 0) {
            breakdown(environment);
            return;
        }
        runBackend("memory", new MemoryBackend(), options.sizes(), true);
        if (!options.h2Sizes().isEmpty()) {
            runBackend("h2", H2Backend.inMemory(), options.h2Sizes(), false);
        }

        String report = report(environment);
        System.out.println();
        System.out.println(report);
        try {
            Path out = options.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            log("Report written to " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("Total run time " + Duration.ofNanos(System.nanoTime() - startNanos).truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code --breakdown[=n]}: only the cost breakdown (see {@link CostBreakdown}), on the memory backend. */
    private void breakdown(String environment) {
        MongoServer server = new MongoServer(new MemoryBackend());
        String connectionString = server.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(connectionString)) {
            log("Cost breakdown at " + human(options.breakdown()) + " events");
            String report = "# Event store benchmark: cost breakdown\n\n```\n" + environment + "```\n\n"
                    + new CostBreakdown(client, serializer, options.breakdown(), options.loads()).run();
            System.out.println(report);
            Path out = options.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            log("Report written to " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server.shutdownNow();
        }
    }

    private void runBackend(String backendName, MongoBackend backend, List<Long> sizes, boolean globalWarmup) {
        if (sizes.isEmpty()) {
            return;
        }
        MongoServer server = new MongoServer(backend);
        String connectionString = server.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                                                                         .applyConnectionString(new ConnectionString(
                                                                                 connectionString))
                                                                         .build())) {
            log("[" + backendName + "] mongo-java-server at " + connectionString);
            verifySeedFormat(client.getDatabase("bench_format_check"));
            if (globalWarmup) {
                // A whole 10k round first, discarded: on 2 cores the JIT compiling a new code path visibly slows the
                // first measurements of each phase (up to 5x), which would flatter every "1M vs 10k" ratio.
                log("[" + backendName + "] JIT warm-up round (10k events, same operation counts, results discarded)");
                Options warmup = new Options(List.of(), List.of(), true, options.out(), Duration.ofSeconds(5),
                                             Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(10),
                                             Duration.ofSeconds(5), options.loads(), options.loadWarmup(),
                                             options.snapshotLoads(), options.fetches(), options.fetchWarmup(),
                                             options.appends(), options.appendWarmup(), options.snapshots(),
                                             options.targets(), 1, 0);
                runSize(client, "warmup", 10_000L, warmup, false);
            }
            for (long n : sizes) {
                runSize(client, backendName, n, options, true);
            }
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * One size: the Sharefab store and the raw baseline share one database (the baseline reads the engine's own
     * documents) and are measured interleaved, block by block, so that both see the same machine; axon-mongo follows
     * on its own database.
     */
    private void runSize(MongoClient client, String backendName, long n, Options opts, boolean record) {
        BenchmarkData data = new BenchmarkData(n, opts.commitSize());
        Plan plan = Plan.of(data, opts);
        boolean wantRaw = opts.targets().contains("raw") && data.commitSize == 1;
        boolean wantSharefab = opts.targets().contains("sharefab");
        if (wantRaw || wantSharefab) {
            MongoDatabase database = client.getDatabase("bench_" + backendName + "_" + n + "_sharefab");
            database.drop();
            CommitEngineTarget sharefab = new CommitEngineTarget(database, serializer);
            RawDriverTarget raw = new RawDriverTarget(database, serializer);
            try {
                seed(backendName, data, plan, sharefab);
                List<Target> group = new ArrayList<>();
                if (wantRaw) {
                    seed(backendName, data, plan, raw);
                    group.add(raw);
                }
                if (wantSharefab) {
                    group.add(sharefab);
                }
                measure(backendName, data, plan, opts, group, record);
            } finally {
                raw.drop();
                sharefab.drop();
                System.gc();
            }
        }
        if (opts.targets().contains("axon")) {
            MongoDatabase database = client.getDatabase("bench_" + backendName + "_" + n + "_axon");
            database.drop();
            AxonMongoTarget axon = new AxonMongoTarget(database, serializer);
            try {
                seed(backendName, data, plan, axon);
                measure(backendName, data, plan, opts, List.of(axon), record);
            } finally {
                axon.drop();
                System.gc();
            }
        }
    }

    private void seed(String backendName, BenchmarkData data, Plan plan, Target target) {
        String label = label(backendName, data, target);
        long t0 = System.nanoTime();
        String how = target.seed(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        target.seedSnapshots(data, plan.snapshotAggregates());
        System.gc();
        seeds.put(backendName + "/" + data.n + "/" + target.name(),
                  new Measurement.Stats(1, data.n, seconds, Double.NaN, Double.NaN, Double.NaN, false,
                                        target.sampleDocumentBytes(data), Double.NaN, 1, Double.NaN));
        seedNotes.put(target.name(), how);
        log(label + String.format(Locale.ROOT, "seeded %,d events in %.1f s (%s); heap used after GC %,d MB",
                                  data.n, seconds, how, usedHeap() >> 20));
    }

    private static String label(String backendName, BenchmarkData data, Target target) {
        return "[" + backendName + " " + human(data.n) + " " + target.name() + "] ";
    }

    private void measure(String backendName, BenchmarkData data, Plan plan, Options opts, List<Target> group,
                         boolean record) {
        String label = "[" + backendName + " " + human(data.n) + " "
                + group.stream().map(Target::name).collect(Collectors.joining(" + ")) + "] ";
        Map<String, Map<Target, Measurement.Stats>> phases = new LinkedHashMap<>();
        int events = BenchmarkData.EVENTS_PER_AGGREGATE;
        phases.put("load", interleaved(label + "load", group, opts.loadWarmup(), opts.loads(), opts,
                                       (target, attempt, i) -> check(events, target.load(
                                               data, plan.loadAggregates()[i]), "load")));
        int afterSnapshot = (int) (events - BenchmarkData.SNAPSHOT_SEQUENCE - 1) + 1;
        phases.put("load-snapshot", interleaved(label + "load-snapshot", group, opts.loadWarmup(),
                                                opts.snapshotLoads(), opts,
                                                (target, attempt, i) -> check(afterSnapshot, target.loadFromSnapshot(
                                                        data, plan.snapshotLoadAggregates()[i]), "snapshot load")));
        phases.put("fetch", interleaved(label + "fetch", group, opts.fetchWarmup(), opts.fetches(), opts,
                                        (target, attempt, i) -> checkBetween(
                                                BATCH_SIZE, BATCH_SIZE + data.commitSize - 1,
                                                target.fetchAfter(data, plan.fetchAfter()[i], BATCH_SIZE), "fetch")));
        phases.put("replay", replays(label + "replay", group, data, opts, false));
        List<Target> engines = group.stream().filter(target -> !(target instanceof RawDriverTarget)).toList();
        phases.put("replay-payload", replays(label + "replay with payload deserialization", engines, data, opts,
                                             true));
        // every attempt appends fresh events: sequence numbers and positions must not repeat
        int perAttempt = opts.appendWarmup() + opts.appends();
        group.forEach(target -> target.prepareAppends(
                plan.appends().stream().<DomainEventMessage<?>>map(BenchmarkData::copy).toList(), data.n + 1));
        phases.put("append", interleaved(label + "append", group, opts.appendWarmup(), opts.appends(), opts,
                                         (target, attempt, i) -> target.append(attempt * perAttempt + i)));
        if (record) {
            phases.forEach((phase, byTarget) -> byTarget.forEach(
                    (target, stats) -> results.add(new Result(backendName, data.n, target.name(), phase, stats))));
        }
    }

    /** An operation of a latency phase on a target: the attempt number (0-based) and the operation's index. */
    @FunctionalInterface
    interface Operation {
        void run(Target target, int attempt, int index);
    }

    /**
     * A latency phase: each target warms up, then the measured operations run in {@value #BLOCKS} blocks per target,
     * alternating targets (ABBA order), so that a disturbance (another process, a GC) hits all targets alike.
     */
    private Map<Target, Measurement.Stats> interleaved(String label, List<Target> group, int warmup, int measured,
                                                       Options opts, Operation operation) {
        return withRetries(label, group, attempt -> {
            Map<Target, Measurement.Accumulator> accumulators = new LinkedHashMap<>();
            for (Target target : group) {
                Measurement.Accumulator accumulator = new Measurement.Accumulator(measured);
                long deadline = System.nanoTime() + opts.warmupBox().toNanos();
                int warmed = 0;
                while (warmed < warmup && System.nanoTime() < deadline) {
                    operation.run(target, attempt, warmed++);
                }
                accumulator.warmedUp(warmed);
                accumulators.put(target, accumulator);
            }
            int blocks = group.size() > 1 ? BLOCKS : 1;
            int perBlock = (measured + blocks - 1) / blocks;
            long box = opts.box().toNanos();
            for (int block = 0; block < blocks; block++) {
                List<Target> order = new ArrayList<>(group);
                if (block % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Target target : order) {
                    Measurement.Accumulator accumulator = accumulators.get(target);
                    CpuMonitor.Sample from = CpuMonitor.sample();
                    for (int k = 0; k < perBlock && !accumulator.full(); k++) {
                        long t0 = System.nanoTime();
                        operation.run(target, attempt, warmup + accumulator.done());
                        long t1 = System.nanoTime();
                        accumulator.record(t1 - t0);
                        if (accumulator.elapsedNanos() + (t1 - from.wallNanos()) > box
                                && accumulator.done() < measured) {
                            accumulator.timeBoxed();
                        }
                    }
                    accumulator.block(from, CpuMonitor.sample());
                }
            }
            Map<Target, Measurement.Stats> stats = new LinkedHashMap<>();
            accumulators.forEach((target, accumulator) -> stats.put(target, accumulator.stats()));
            return stats;
        });
    }

    /**
     * Full replays, alternating targets; with more than one target two rounds (ABBA), keeping each target's faster
     * round. A time-boxed replay is not repeated.
     */
    private Map<Target, Measurement.Stats> replays(String label, List<Target> group, BenchmarkData data,
                                                   Options opts, boolean payloads) {
        if (group.isEmpty()) {
            return Map.of();
        }
        return withRetries(label, group, attempt -> {
            Map<Target, Measurement.Stats> best = new LinkedHashMap<>();
            int rounds = group.size() > 1 ? 2 : 1;
            for (int round = 0; round < rounds; round++) {
                List<Target> order = new ArrayList<>(group);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Target target : order) {
                    Measurement.Stats previous = best.get(target);
                    if (previous != null && previous.timeBoxed()) {
                        continue;
                    }
                    Duration box = payloads ? opts.payloadReplayBox()
                            : target instanceof AxonMongoTarget ? opts.axonReplayBox() : opts.replayBox();
                    CpuMonitor.Sample from = CpuMonitor.sample();
                    Measurement.Stats stats = target.replay(data, box, payloads).between(from, CpuMonitor.sample());
                    if (!payloads && !stats.timeBoxed() && stats.items() != data.n) {
                        throw new IllegalStateException(label + ": " + target.name() + " replayed " + stats.items()
                                                                + " events, expected " + data.n);
                    }
                    log(label(target) + "replay round " + (round + 1) + describe(stats));
                    if (previous == null || stats.itemsPerSecond() > previous.itemsPerSecond()) {
                        best.put(target, stats);
                    }
                }
            }
            return best;
        });
    }

    private static String label(Target target) {
        return "  " + target.name() + " ";
    }

    /**
     * Runs a phase after waiting for the machine to be quiet, and again (up to {@value #MAX_ATTEMPTS} attempts) if
     * other processes used more than {@value #QUIET_CORES} cores meanwhile; keeps the least disturbed attempt.
     * Time-boxed phases are not repeated (they are slow for reasons of their own and would take minutes).
     */
    private Map<Target, Measurement.Stats> withRetries(
            String label, List<Target> group,
            java.util.function.IntFunction<Map<Target, Measurement.Stats>> attempt) {
        boolean warmupRound = label.startsWith("[warmup");
        Map<Target, Measurement.Stats> best = null;
        double bestDisturbance = Double.MAX_VALUE;
        for (int number = 0; number < MAX_ATTEMPTS; number++) {
            if (!warmupRound && waitBudgetMillis > 0) {
                long waited = CpuMonitor.awaitQuiet(QUIET_CORES, Math.min(15_000, waitBudgetMillis));
                waitBudgetMillis -= waited;
                if (waited > 2_000) {
                    log(label + String.format(Locale.ROOT, ": waited %.0f s for other processes to go quiet",
                                              waited / 1e3));
                }
            }
            long jitBefore = jitMillis();
            long gcBefore = gcMillis();
            Map<Target, Measurement.Stats> stats = new LinkedHashMap<>();
            int attemptNumber = number + 1;
            attempt.apply(number).forEach((target, value) -> stats.put(target, value.withAttempt(attemptNumber)));
            StringBuilder line = new StringBuilder(label).append(String.format(
                    Locale.ROOT, " (attempt %d; in this JVM: JIT %d ms, GC %d ms)", attemptNumber,
                    jitMillis() - jitBefore, gcMillis() - gcBefore));
            stats.forEach((target, value) -> line.append("\n").append(label(target)).append(describe(value)));
            log(line.toString());
            if (warmupRound) {
                return stats;
            }
            double disturbance = stats.values().stream().mapToDouble(Measurement.Stats::otherCores)
                                      .filter(value -> !Double.isNaN(value)).max().orElse(0);
            boolean timeBoxed = stats.values().stream().anyMatch(Measurement.Stats::timeBoxed);
            if (best == null || disturbance < bestDisturbance) {
                best = stats;
                bestDisturbance = disturbance;
            }
            if (timeBoxed || disturbance <= QUIET_CORES) {
                break;
            }
            if (number + 1 < MAX_ATTEMPTS) {
                log(label + ": disturbed by other processes, measuring again");
            }
        }
        return best;
    }

    private static long jitMillis() {
        var compilation = ManagementFactory.getCompilationMXBean();
        return compilation == null || !compilation.isCompilationTimeMonitoringSupported() ? -1
                : compilation.getTotalCompilationTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                                .filter(time -> time >= 0).sum();
    }

    private static String describe(Measurement.Stats stats) {
        String tail = String.format(Locale.ROOT, "; CPU %.0f µs/%s; other processes %.2f cores",
                                    stats.cpuMicrosPerItem(), Double.isNaN(stats.p50Micros()) ? "event" : "op",
                                    stats.otherCores());
        if (Double.isNaN(stats.p50Micros())) {
            return String.format(Locale.ROOT, ": %,d events in %.1f s = %,.0f events/s%s%s", stats.items(),
                                 stats.seconds(), stats.itemsPerSecond(), stats.timeBoxed() ? " TIME-BOXED" : "",
                                 tail);
        }
        return String.format(Locale.ROOT, ": %,.0f ops/s, p50 %.0f µs, p99 %.0f µs, mean %.0f µs over %,d ops "
                                     + "(warm-up %,d)%s%s", stats.opsPerSecond(), stats.p50Micros(),
                             stats.p99Micros(), stats.meanMicros(), stats.operations(), stats.warmupOperations(),
                             stats.timeBoxed() ? " TIME-BOXED" : "", tail);
    }

    /** Whole commits are returned, so a batch may end up to a commit's length minus one beyond the batch size. */
    private static void checkBetween(long min, long max, long actual, String what) {
        if (actual < min || actual > max) {
            throw new IllegalStateException(what + " returned " + actual + " events, expected " + min + ".." + max);
        }
    }

    private static void check(long expected, long actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + " returned " + actual + " events, expected " + expected);
        }
    }

    /**
     * The seeding of the Sharefab store bypasses the engine (bulk inserts of hand-built documents), so before every
     * run the hand-built documents are compared, field by field and in order, with documents the engine wrote itself.
     */
    private void verifySeedFormat(MongoDatabase database) {
        database.drop();
        CommitEngineTarget target = new CommitEngineTarget(database, serializer);
        BenchmarkData data = new BenchmarkData(4_000);
        for (long i = 0; i < 3; i++) {
            target.engine().appendEvents(List.of(data.event(i)));
        }
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        List<BsonDocument> written = events.find().sort(new BsonDocument("_id", new BsonInt32(1)))
                                           .into(new ArrayList<>());
        if (written.size() != 3) {
            throw new IllegalStateException("engine wrote " + written.size() + " commit documents, expected 3");
        }
        for (int i = 0; i < 3; i++) {
            String expected = written.get(i).toJson();
            String seeded = BenchmarkData.commitDocument(data.event(i), i + 1, serializer).toJson();
            if (!expected.equals(seeded)) {
                throw new IllegalStateException("Seed documents differ from the engine's format:\n engine: "
                                                        + expected + "\n seeded: " + seeded);
            }
        }
        log("Seed format verified: hand-built commit documents are identical to the engine's (" +
                    written.get(0).toJson().length() + " chars of JSON each)");
        database.drop();
    }

    // ------------------------------------------------------------------------------------------------ reporting

    private String report(String environment) {
        StringBuilder out = new StringBuilder();
        out.append("# Event store benchmark results\n\n");
        out.append("Run finished ").append(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS))
           .append(", total ").append(Duration.ofNanos(System.nanoTime() - startNanos).toSeconds()).append(" s.\n\n");
        out.append("```\n").append(environment).append("```\n\n");
        if (options.commitSize() > 1) {
            out.append("**Events per commit in the Sharefab store: ").append(options.commitSize())
               .append("** (all other runs: 1).\n\n");
        }
        out.append("Seeding:\n");
        seedNotes.forEach((target, how) -> out.append("- ").append(target).append(": ").append(how).append('\n'));
        out.append('\n');
        for (String backend : results.stream().map(Result::backend).distinct().toList()) {
            out.append("## Backend: ").append(backend).append("\n\n");
            latencyTable(out, backend, "append", "Append: one single-event commit (ops/s; latency µs)");
            latencyTable(out, backend, "load", "Aggregate load: all " + BenchmarkData.EVENTS_PER_AGGREGATE
                    + " events, payloads deserialized (ops/s; latency µs)");
            latencyTable(out, backend, "load-snapshot", "Aggregate load from snapshot: snapshot + "
                    + (BenchmarkData.EVENTS_PER_AGGREGATE - BenchmarkData.SNAPSHOT_SEQUENCE - 1)
                    + " events (ops/s; latency µs)");
            latencyTable(out, backend, "fetch", "Next batch of " + BATCH_SIZE
                    + " events after a token (ops/s; latency µs)");
            replayTable(out, backend);
            seedTable(out, backend);
        }
        targetsSection(out);
        out.append("\n† = time-boxed: the phase was stopped at its time box; the rate is over what was measured.\n");
        out.append("‡ = other processes used more than " + QUIET_CORES + " cores (of 2) during the measurement even "
                           + "after " + MAX_ATTEMPTS + " attempts: figure disturbed.\n");
        return out.toString();
    }

    private List<Long> sizes(String backend) {
        return results.stream().filter(r -> r.backend().equals(backend)).map(Result::n).distinct().sorted().toList();
    }

    private List<String> targets() {
        return results.stream().map(Result::target).distinct().toList();
    }

    private Measurement.Stats find(String backend, long n, String target, String phase) {
        return results.stream()
                      .filter(r -> r.backend().equals(backend) && r.n() == n && r.target().equals(target)
                              && r.phase().equals(phase))
                      .map(Result::stats).findFirst().orElse(null);
    }

    private void latencyTable(StringBuilder out, String backend, String phase, String title) {
        out.append("### ").append(title).append("\n\n");
        out.append("| events stored | target | ops/s | p50 µs | p99 µs | mean µs | ops measured | ops/s vs raw "
                           + "| CPU µs/op | other procs (cores) |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (long n : sizes(backend)) {
            Measurement.Stats rawStats = find(backend, n, "raw driver", phase);
            for (String target : targets()) {
                Measurement.Stats s = find(backend, n, target, phase);
                if (s == null) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s | %s | %s | %,d | %s | %s | %s |\n",
                                         human(n), target, number(s.opsPerSecond()), s.timeBoxed() ? " †" : "",
                                         number(s.p50Micros()), number(s.p99Micros()), number(s.meanMicros()),
                                         s.operations(),
                                         rawStats == null ? "" : ratio(s.opsPerSecond(), rawStats.opsPerSecond()),
                                         number(s.cpuMicrosPerItem()), interference(s)));
            }
        }
        out.append('\n');
    }

    private void replayTable(StringBuilder out, String backend) {
        out.append("### Full replay through `readEvents(null, false)` vs raw sequential `find()` (events/s)\n\n");
        out.append("| events stored | target | events/s | events read | seconds | vs raw | CPU µs/event | "
                           + "events/s incl. payload deserialization | other procs (cores) |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (long n : sizes(backend)) {
            Measurement.Stats rawStats = find(backend, n, "raw driver", "replay");
            for (String target : targets()) {
                Measurement.Stats s = find(backend, n, target, "replay");
                if (s == null) {
                    continue;
                }
                Measurement.Stats p = find(backend, n, target, "replay-payload");
                out.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %,d | %.1f | %s | %s | %s | %s |\n",
                                         human(n), target,
                                         number(s.itemsPerSecond()), s.timeBoxed() ? " †" : "", s.items(),
                                         s.seconds(),
                                         rawStats == null ? "" : ratio(s.itemsPerSecond(), rawStats.itemsPerSecond()),
                                         number(s.cpuMicrosPerItem()),
                                         p == null ? "n/a" : number(p.itemsPerSecond()) + (p.timeBoxed()
                                                 ? String.format(Locale.ROOT, " † (%,d events)", p.items()) : ""),
                                         interference(s) + (p == null ? "" : " / " + interference(p))));
            }
        }
        out.append('\n');
    }

    private void seedTable(StringBuilder out, String backend) {
        out.append("### Seeding\n\n| events stored | target | seconds | events/s | bytes per stored document |\n");
        out.append("|---:|---|---:|---:|---:|\n");
        for (long n : sizes(backend)) {
            for (String target : targets()) {
                Measurement.Stats s = seeds.get(backend + "/" + n + "/" + target);
                if (s != null) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %,d |\n", human(n), target,
                                             s.seconds(), number(s.itemsPerSecond()), s.warmupOperations()));
                }
            }
        }
        out.append('\n');
    }

    private void targetsSection(StringBuilder out) {
        String backend = "memory";
        List<Long> sizes = sizes(backend);
        if (sizes.isEmpty()) {
            return;
        }
        long small = sizes.get(0);
        long large = sizes.get(sizes.size() - 1);
        out.append("## Targets (memory backend; ").append(human(large)).append(" vs ").append(human(small))
           .append(large == 1_000_000L ? "" : " — NOTE: the largest size in this run is not 1M").append(")\n\n");
        out.append("| target | engine | figure | ratio | goal | result |\n|---|---|---|---:|---|---|\n");
        for (String target : List.of("sharefab engine", "axon-mongo")) {
            for (long n : sizes) {
                Measurement.Stats engine = find(backend, n, target, "append");
                Measurement.Stats raw = find(backend, n, "raw driver", "append");
                if (engine != null && raw != null) {
                    double r = engine.opsPerSecond() / raw.opsPerSecond();
                    targetRow(out, "append one event @" + human(n), target,
                              String.format(Locale.ROOT, "%s vs raw %s ops/s (CPU %s vs %s µs/op)%s",
                                            number(engine.opsPerSecond()), number(raw.opsPerSecond()),
                                            number(engine.cpuMicrosPerItem()), number(raw.cpuMicrosPerItem()),
                                            disturbed(engine, raw)),
                              r, "≥ 0.70 × raw", r >= 0.70);
                }
            }
            for (String phase : List.of("load", "load-snapshot", "fetch")) {
                Measurement.Stats at10k = find(backend, small, target, phase);
                Measurement.Stats at1m = find(backend, large, target, phase);
                if (at10k != null && at1m != null) {
                    double p50 = at1m.p50Micros() / at10k.p50Micros();
                    double mean = at1m.meanMicros() / at10k.meanMicros();
                    targetRow(out, phase + " cost @" + human(large) + " / @" + human(small) + " (p50)", target,
                              String.format(Locale.ROOT, "p50 %s µs vs %s µs (mean %s vs %s µs, ratio %.2f)%s%s",
                                            number(at1m.p50Micros()), number(at10k.p50Micros()),
                                            number(at1m.meanMicros()), number(at10k.meanMicros()), mean,
                                            at1m.timeBoxed() ? " †" : "", disturbed(at1m, at10k)), p50, "≤ 1.5",
                              p50 <= 1.5);
                }
            }
            Measurement.Stats replay = find(backend, large, target, "replay");
            Measurement.Stats rawReplay = find(backend, large, "raw driver", "replay");
            if (replay != null && rawReplay != null) {
                double r = replay.itemsPerSecond() / rawReplay.itemsPerSecond();
                targetRow(out, "replay @" + human(large), target,
                          String.format(Locale.ROOT, "%s vs raw %s events/s%s%s", number(replay.itemsPerSecond()),
                                        number(rawReplay.itemsPerSecond()), replay.timeBoxed() ? " †" : "",
                                        disturbed(replay, rawReplay)),
                          r, "≥ 0.50 × raw", r >= 0.50);
            }
        }
    }

    private static void targetRow(StringBuilder out, String what, String target, String figure, double ratio,
                                  String goal, boolean pass) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s |\n", what, target, figure, ratio, goal,
                                 pass ? "PASS" : "MISS"));
    }

    private static String disturbed(Measurement.Stats... stats) {
        return Arrays.stream(stats).anyMatch(s -> s.otherCores() > QUIET_CORES) ? " ‡" : "";
    }

    /** Cores used by other processes during the measurement, with the attempt number if it was repeated. */
    private static String interference(Measurement.Stats stats) {
        if (Double.isNaN(stats.otherCores())) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.2f%s%s", stats.otherCores(), stats.otherCores() > QUIET_CORES ? " ‡" : "",
                             stats.attempts() > 1 ? " (attempt " + stats.attempts() + ")" : "");
    }

    private static String ratio(double value, double raw) {
        return raw == 0 ? "" : String.format(Locale.ROOT, "%.2f", value / raw);
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String human(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return (n / 1_000_000) + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return (n / 1_000) + "k";
        }
        return String.valueOf(n);
    }

    private static String environment() {
        StringBuilder env = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        env.append("cpu: ").append(cpuModel()).append(", available processors: ").append(runtime.availableProcessors())
           .append('\n');
        env.append("memory: ").append(totalMemory()).append('\n');
        env.append("java: ").append(System.getProperty("java.vm.name")).append(' ')
           .append(System.getProperty("java.runtime.version")).append(", max heap ")
           .append(runtime.maxMemory() >> 20).append(" MB, JVM args ")
           .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        env.append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
           .append('\n');
        env.append("libraries: mongo-java-server ").append(version(MongoServer.class))
           .append(", mongodb-driver ").append(version(MongoClients.class))
           .append(", axon-eventsourcing ").append(version(org.axonframework.eventsourcing.eventstore.EventStore.class))
           .append(", axon-mongo ")
           .append(version(org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine.class))
           .append('\n');
        return env.toString();
    }

    private static String version(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource() == null ? null
                : type.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (location == null) {
            return "?";
        }
        String jar = location.substring(location.lastIndexOf('/') + 1);
        return jar.replaceAll("\\.jar$", "");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(line -> line.startsWith("model name")).map(line -> line.split(":", 2)[1].trim())
                        .distinct().collect(Collectors.joining(", "));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String totalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                        .findFirst().orElse("?").replaceAll("\\s+", " ");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void log(String message) {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
        System.out.printf(Locale.ROOT, "[%3d:%02d] %s%n", elapsed / 60, elapsed % 60, message);
        System.out.flush();
    }
}
