package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How fast the embedded store writes and reads a page of documents with {@link DocumentValueType} (BSON) against
 * H2's own {@link ObjectDataType} (Java serialization), measured in the same run, in alternating rounds, on documents
 * shaped like the store's own: an event commit, an order view, a tracking token. Not a test: a program;
 * docs/benchmarks.md (session 9) has the figures.
 *
 * <p>Run (as the listing search benchmark: the sibling modules come from the local repository, so {@code mvn -B -q
 * -DskipTests install} first): {@code mvn -o -B -q
 * -pl app -Pbenchmark test-compile exec:exec -Dbenchmark.class=com.sharefab.app.mongo.DocumentValueTypeBenchmark
 * -Dbenchmark.out=target/document-value-type-benchmark.md -Dbenchmark.args="rounds=6 seconds=2"}.
 */
public final class DocumentValueTypeBenchmark {

    private static final int PAGE = 32;

    public static void main(String[] arguments) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        for (String argument : arguments) {
            String[] pair = argument.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "6"));
        double seconds = Double.parseDouble(args.getOrDefault("seconds", "2"));
        var lines = new ArrayList<String>();
        lines.add("| documents | Java-serialized bytes | BSON bytes | H2's type: write / read ns per document "
                + "| BSON: write / read ns per document | BSON against H2's type: write / read |");
        lines.add("|---|---:|---:|---|---|---|");
        for (var shape : List.of("event commit", "order view", "tracking token")) {
            Object[] page = new Object[PAGE];
            for (int i = 0; i < PAGE; i++) {
                page[i] = document(shape, i);
            }
            var h2 = new ObjectDataType();
            var bson = new DocumentValueType();
            check(bson, page);
            double[] h2Best = {Double.MAX_VALUE, Double.MAX_VALUE};
            double[] bsonBest = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < rounds; round++) { // alternating: the host's noise hits both alike
                min(h2Best, measure(h2, page, seconds));
                min(bsonBest, measure(bson, page, seconds));
            }
            int javaBytes = ObjectDataType.serialize(page[0]).length;
            var buffer = new WriteBuffer();
            bson.write(buffer, page[0]);
            lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %.0f / %.0f | %.0f / %.0f | %.2f× / %.2f× |", shape,
                    javaBytes, buffer.position() - 1, h2Best[0], h2Best[1], bsonBest[0], bsonBest[1],
                    bsonBest[0] / h2Best[0], bsonBest[1] / h2Best[1]));
            System.out.println(lines.get(lines.size() - 1));
        }
        var out = Path.of(args.getOrDefault("out", "target/document-value-type-benchmark.md"));
        Files.write(out, lines);
        System.out.println("written to " + out.toAbsolutePath());
    }

    /** Nanoseconds per document written and read, a page at a time, over {@code seconds}. */
    private static double[] measure(ObjectDataType type, Object[] page, double seconds) {
        long writeNanos = 0;
        long readNanos = 0;
        long documents = 0;
        long until = System.nanoTime() + (long) (seconds * 1e9);
        Object[] read = new Object[PAGE];
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            var buffer = new WriteBuffer();
            type.write(buffer, page, PAGE);
            ByteBuffer bytes = buffer.getBuffer().flip();
            long written = System.nanoTime();
            type.read(bytes, read, PAGE);
            long done = System.nanoTime();
            writeNanos += written - start;
            readNanos += done - written;
            documents += PAGE;
        }
        return new double[] {(double) writeNanos / documents, (double) readNanos / documents};
    }

    private static void min(double[] best, double[] round) {
        best[0] = Math.min(best[0], round[0]);
        best[1] = Math.min(best[1], round[1]);
    }

    private static void check(ObjectDataType type, Object[] page) {
        var buffer = new WriteBuffer();
        type.write(buffer, page, PAGE);
        var bytes = buffer.getBuffer().flip();
        if (bytes.get(0) != DocumentValueType.TAG_BSON_DOCUMENT) {
            throw new IllegalStateException("not written as BSON: " + page[0]);
        }
        Object[] read = new Object[PAGE];
        type.read(bytes, read, PAGE);
        for (int i = 0; i < PAGE; i++) {
            if (!page[i].equals(read[i])) {
                throw new IllegalStateException("read back differently: " + page[i] + " / " + read[i]);
            }
        }
    }

    /** Documents shaped as the store holds them (field names and value types as in the app's collections). */
    static Document document(String shape, int i) {
        Instant at = Instant.ofEpochMilli(1_795_000_000_000L + i * 37L);
        String orderId = "order-" + new UUID(i, 42L);
        return switch (shape) {
            case "event commit" -> new Document("_id", 10_000L + i).append("count", 1)
                    .append("globalIndexes", List.of(10_000L + i))
                    .append("streamKeys", List.of("Order:" + orderId + ":3"))
                    .append("events", List.of(new Document("eventIdentifier", UUID.randomUUID().toString())
                            .append("aggregateIdentifier", orderId).append("aggregateType", "Order")
                            .append("sequenceNumber", 3L).append("timestamp", at)
                            .append("payloadType", "com.sharefab.events.order.OrderCapacityReservedEvent")
                            .append("payloadRevision", null)
                            .append("payload", new Document("orderId", orderId).append("listingId", "listing-" + i % 8)
                                    .append("unitPriceFen", 1_500L).append("amountFen", 45_000L)
                                    .append("payBy", "2026-11-23T09:30:00Z")
                                    .append("allocations", List.of(new Document("day", "2026-12-01")
                                            .append("units", 30))))
                            .append("metaData", new Document("actorId", "system").append("actorFirmId", null)
                                    .append("actorRole", "SYSTEM").append("correlationId", UUID.randomUUID().toString())
                                    .append("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                                    .append("causationId", UUID.randomUUID().toString()))));
            case "order view" -> new Document("_id", orderId).append("status", "PAYMENT_DUE")
                    .append("buyerFirmId", "firm-buyer-" + i % 32).append("factoryFirmId", "firm-factory-" + i % 4)
                    .append("listingId", "listing-" + i % 8).append("stepCode", "HOOK_AND_LOOP_SEWING")
                    .append("stepName", "魔术贴车缝").append("quantity", 30).append("unitPriceFen", 1_500L)
                    .append("amountFen", 45_000L).append("windowFrom", "2026-12-01").append("windowTo", "2026-12-03")
                    .append("placedAt", at).append("payBy", at.plusSeconds(1_800)).append("version", 2L)
                    .append("timeline", List.of(
                            new Document("type", "PLACED").append("at", at).append("actorRole", "BUYER"),
                            new Document("type", "CAPACITY_RESERVED").append("at", at.plusMillis(40))
                                    .append("actorRole", "SYSTEM")));
            case "tracking token" -> new Document("_id", "order-views:" + i).append("processorName", "order-views")
                    .append("segment", i).append("owner", "node-1@host:4242").append("timestamp", at)
                    .append("tokenType", "org.axonframework.eventhandling.GapAwareTrackingToken")
                    .append("token", new Document("index", 10_000L + i).append("gaps", List.of()));
            default -> throw new IllegalArgumentException(shape);
        };
    }
}
