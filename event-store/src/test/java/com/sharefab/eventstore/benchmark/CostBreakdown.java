package com.sharefab.eventstore.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * {@code --breakdown}: where the Sharefab engine's extra cost over the raw baseline goes, by running the engine's own
 * queries through the plain driver (same collection, same documents), interleaved with the engine call and the raw
 * baseline, at one size (default 100k). Not part of the targets; it explains them.
 */
final class CostBreakdown {

    private static final int ROUNDS = 8;

    private final MongoClient client;
    private final Serializer serializer;
    private final long n;
    private final int operations;
    private final StringBuilder report = new StringBuilder();

    CostBreakdown(MongoClient client, Serializer serializer, long n, int operations) {
        this.client = client;
        this.serializer = serializer;
        this.n = n;
        this.operations = operations;
    }

    String run() {
        MongoDatabase database = client.getDatabase("bench_breakdown_" + n);
        database.drop();
        BenchmarkData data = new BenchmarkData(n);
        CommitEngineTarget sharefab = new CommitEngineTarget(database, serializer);
        sharefab.seed(data);
        System.gc();
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        SplittableRandom random = new SplittableRandom(7);
        report.append("## Cost breakdown at ").append(EventStoreBenchmark.human(n)).append(" events (memory backend)\n\n")
              .append("Each row is the mean wall time and this JVM's CPU time per operation, variants interleaved in ")
              .append(ROUNDS).append(" rounds of ").append(operations / ROUNDS).append(" operations each.\n\n");

        // ---- aggregate load: 40 events
        int[] aggregates = random.ints(operations * 2L, 0, data.aggregates).toArray();
        Map<String, IntConsumer> load = new LinkedHashMap<>();
        load.put("raw: _id $in [40 ids]", i -> count(events.find(idIn(data, aggregates[i]))));
        load.put("raw: streamKeys $in [40 keys] (exact keys)", i -> count(events.find(keysIn(data, aggregates[i], 40))));
        load.put("raw: streamKeys $in [100 keys] (the engine's query: a batch-size window)",
                 i -> count(events.find(keysIn(data, aggregates[i], EventStoreBenchmark.BATCH_SIZE))));
        load.put("engine: readEvents(aggregate), payloads not deserialized",
                 i -> drain(sharefab.engine().readEvents(data.aggregateId(aggregates[i]), 0L), false));
        load.put("engine: readEvents(aggregate), payloads deserialized (the benchmark's load)",
                 i -> drain(sharefab.engine().readEvents(data.aggregateId(aggregates[i]), 0L), true));
        section("Aggregate load (40 events)", load);

        // ---- next batch / replay building blocks: 100 events
        long[] positions = random.longs(operations * 2L, 0, n - 200).toArray();
        Map<String, IntConsumer> fetch = new LinkedHashMap<>();
        fetch.put("raw: _id $in [100]", i -> count(events.find(in("_id", positions[i], 100))));
        fetch.put("raw: globalIndexes $in [100] (the engine's query)",
                  i -> count(events.find(in("globalIndexes", positions[i], 100))));
        fetch.put("engine: readEvents(token).limit(100), messages only",
                  i -> drainTracked(sharefab.engine().readEvents(
                          org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(
                                  positions[i], java.util.Collections.emptySortedSet()), false), 100));
        section("Next 100 events (per batch)", fetch);

        // ---- sequential read, per event
        Map<String, LongSupplier> scan = new LinkedHashMap<>();
        scan.put("raw: find() cursor, batch 1000 (the replay baseline)",
                 () -> count(events.find().batchSize(1000)));
        scan.put("raw: find() cursor, batch 100 (the engine's batch size)",
                 () -> count(events.find().batchSize(100)));
        scan.put("raw: globalIndexes $in [100] batches, no Axon processing", () -> {
            long total = 0;
            for (long from = 0; from < n; from += 100) {
                total += count(events.find(in("globalIndexes", from, 100)));
            }
            return total;
        });
        scan.put("engine: readEvents(null, false), messages only (the benchmark's replay)", () -> {
            try (Stream<? extends TrackedEventMessage<?>> stream = sharefab.engine().readEvents(null, false)) {
                return stream.count();
            }
        });
        throughputSection("Sequential read of all " + EventStoreBenchmark.human(n) + " events (per event)", scan);

        // ---- append
        MongoCollection<BsonDocument> bare = database.getCollection("bare", BsonDocument.class);
        MongoCollection<BsonDocument> indexed = database.getCollection("indexed", BsonDocument.class);
        indexed.createIndexes(List.of(
                new IndexModel(new BsonDocument("globalIndexes", new BsonInt32(1)), new IndexOptions().unique(true)),
                new IndexModel(new BsonDocument("streamKeys", new BsonInt32(1)),
                               new IndexOptions().unique(true).sparse(true)),
                new IndexModel(new BsonDocument("events.eventIdentifier", new BsonInt32(1)),
                               new IndexOptions().unique(true))));
        // both hold n documents already, like the engine's collection: index size matters to insert cost
        List<BsonDocument> batch = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            batch.add(BenchmarkData.commitDocument(data.event(i), i + 1, serializer));
            if (batch.size() == 1_000) {
                indexed.insertMany(batch);
                bare.insertMany(batch.stream().map(document -> new BsonDocument("_id", document.get("_id"))).toList());
                batch = new ArrayList<>();
            }
        }
        System.gc();
        int total = operations * ROUNDS;
        List<DomainEventMessage<?>> appends = new ArrayList<>();
        int[] next = new int[data.aggregates];
        java.util.Arrays.fill(next, BenchmarkData.EVENTS_PER_AGGREGATE);
        for (int i = 0; i < total; i++) {
            int aggregate = random.nextInt(data.aggregates);
            appends.add(BenchmarkData.event(data.aggregateId(aggregate), next[aggregate]++,
                                            UUID.randomUUID().toString(), java.time.Instant.now()));
        }
        List<BsonDocument> documents = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            documents.add(BenchmarkData.commitDocument(BenchmarkData.copy(appends.get(i)), n + 1 + i, serializer));
        }
        Map<String, IntConsumer> append = new LinkedHashMap<>();
        append.put("raw: insertOne, collection of n {_id} documents with the _id index only (the baseline)",
                   i -> bare.insertOne(documents.get(i)));
        append.put("raw: insertOne, collection of the n commit documents with the engine's 3 extra unique indexes",
                   i -> indexed.insertOne(documents.get(i)));
        append.put("client only: copy the message, build its commit document (Jackson + BSON), no insert",
                   i -> BenchmarkData.commitDocument(BenchmarkData.copy(appends.get(i)), n + 1 + i, serializer));
        append.put("engine: appendEvents(one event) (the benchmark's append)",
                   i -> sharefab.engine().appendEvents(List.of(appends.get(i))));
        section("Append one event", append);

        database.drop();
        return report.toString();
    }

    private void section(String title, Map<String, IntConsumer> variants) {
        Map<String, long[]> totals = new LinkedHashMap<>(); // wall ns, cpu ns, ops, other processes' core-ns
        variants.keySet().forEach(name -> totals.put(name, new long[4]));
        int perRound = operations / ROUNDS;
        int[] offsets = new int[variants.size()];
        for (int round = -2; round < ROUNDS; round++) { // rounds -2, -1: warm-up
            List<Map.Entry<String, IntConsumer>> order = new ArrayList<>(variants.entrySet());
            if (Math.floorMod(round, 2) == 1) {
                java.util.Collections.reverse(order);
            }
            for (Map.Entry<String, IntConsumer> variant : order) {
                int index = new ArrayList<>(variants.keySet()).indexOf(variant.getKey());
                CpuMonitor.Sample from = CpuMonitor.sample();
                for (int k = 0; k < perRound; k++) {
                    variant.getValue().accept(offsets[index]++);
                }
                CpuMonitor.Sample to = CpuMonitor.sample();
                if (round >= 0) {
                    long[] t = totals.get(variant.getKey());
                    t[0] += to.wallNanos() - from.wallNanos();
                    t[1] += to.ownCpuNanos() - from.ownCpuNanos();
                    t[2] += perRound;
                    double other = CpuMonitor.otherCores(from, to);
                    t[3] += Double.isNaN(other) ? 0 : (long) (other * (to.wallNanos() - from.wallNanos()));
                }
            }
        }
        report.append("### ").append(title)
              .append("\n\n| variant | wall µs/op | CPU µs/op | other procs (cores) |\n|---|---:|---:|---:|\n");
        // /proc/stat counts in 10 ms ticks: too coarse for variants that ran less than a second in total
        totals.forEach((name, t) -> report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |\n", name,
                                                                t[0] / 1e3 / t[2], t[1] / 1e3 / t[2],
                                                                t[0] < 1_000_000_000L ? "–"
                                                                        : String.format(Locale.ROOT, "%.2f",
                                                                                        (double) t[3] / t[0]))));
        report.append('\n');
    }

    private void throughputSection(String title, Map<String, LongSupplier> variants) {
        Map<String, double[]> best = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, LongSupplier> variant : variants.entrySet()) {
                CpuMonitor.Sample from = CpuMonitor.sample();
                long items = variant.getValue().getAsLong();
                CpuMonitor.Sample to = CpuMonitor.sample();
                double wall = (to.wallNanos() - from.wallNanos()) / 1e3 / items;
                double cpu = (to.ownCpuNanos() - from.ownCpuNanos()) / 1e3 / items;
                double[] previous = best.get(variant.getKey());
                if (round > 0 && (previous == null || wall < previous[0])) { // round 0: warm-up
                    best.put(variant.getKey(), new double[]{wall, cpu, CpuMonitor.otherCores(from, to)});
                }
            }
        }
        report.append("### ").append(title).append(" — best of 2 after a warm-up pass\n\n")
              .append("| variant | wall µs/event | events/s | CPU µs/event | other procs (cores) |\n")
              .append("|---|---:|---:|---:|---:|\n");
        best.forEach((name, v) -> report.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.2f |\n",
                                                              name, v[0], 1e6 / v[0], v[1], v[2])));
        report.append('\n');
    }

    private static BsonDocument idIn(BenchmarkData data, int aggregate) {
        BsonArray ids = new BsonArray();
        for (long sequence = 0; sequence < BenchmarkData.EVENTS_PER_AGGREGATE; sequence++) {
            ids.add(new BsonInt64(data.indexOf(aggregate, sequence) + 1));
        }
        return new BsonDocument("_id", new BsonDocument("$in", ids));
    }

    private static BsonDocument keysIn(BenchmarkData data, int aggregate, int keys) {
        BsonArray values = new BsonArray();
        for (long sequence = 0; sequence < keys; sequence++) {
            values.add(new BsonString(data.aggregateId(aggregate) + '/' + sequence));
        }
        return new BsonDocument("streamKeys", new BsonDocument("$in", values));
    }

    private static Bson in(String field, long after, int count) {
        BsonArray values = new BsonArray();
        for (long index = after + 1; index <= after + count; index++) {
            values.add(new BsonInt64(index));
        }
        return new BsonDocument(field, new BsonDocument("$in", values));
    }

    private static long count(Iterable<BsonDocument> documents) {
        long count = 0;
        try (MongoCursor<BsonDocument> cursor = (MongoCursor<BsonDocument>) documents.iterator()) {
            while (cursor.hasNext()) {
                cursor.next();
                count++;
            }
        }
        return count;
    }

    private static void drain(DomainEventStream stream, boolean payloads) {
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (payloads && event.getPayload() == null) {
                throw new IllegalStateException();
            }
        }
    }

    private static void drainTracked(Stream<? extends TrackedEventMessage<?>> stream, int limit) {
        try (stream) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            for (int i = 0; i < limit && iterator.hasNext(); i++) {
                iterator.next();
            }
        }
    }
}
