package com.sharefab.app.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store writes documents as BSON: every document must read back equal and of the same types, whatever
 * it holds, and files written before (by Java serialization) must still read.
 */
class DocumentValueTypeTest {

    @TempDir
    Path directory;

    private final DocumentValueType type = new DocumentValueType();

    @Test
    void everyBsonType_writtenAsBson_readsBackEqualWithTheSameTypes() {
        var document = new Document("_id", "order-1")
                .append("int", 42).append("long", 1L << 40).append("double", -2.5).append("nan", Double.NaN)
                .append("true", true).append("null", null).append("string", "来料加工 🧵 \"quoted\"")
                .append("date", Instant.ofEpochMilli(1_795_000_000_123L))
                .append("objectId", new ObjectId()).append("decimal", new Decimal128(new BigDecimal("12.34")))
                .append("binary", new BinData(new byte[] {0, 1, 2, (byte) 255}))
                .append("uuid", UUID.fromString("123e4567-e89b-42d3-a456-426614174000"))
                .append("legacyUuid", new LegacyUUID(UUID.fromString("123e4567-e89b-42d3-a456-426614174001")))
                .append("timestamp", new BsonTimestamp(7L << 32 | 3)).append("max", MaxKey.getInstance())
                .append("min", MinKey.getInstance())
                .append("nested", new Document("lines", new ArrayList<>(List.of(
                        new Document("sku", "hook-and-loop").append("fen", 1_999L), 3, "x", List.of()))))
                .append("emptyDocument", new Document());

        var bytes = written(document);

        assertThat(bytes.get(0)).as("written as BSON").isEqualTo(DocumentValueType.TAG_BSON_DOCUMENT);
        var read = type.read(bytes);
        assertThat(read).isEqualTo(document);
        assertSameTypes(read, document);
        assertThat(bytes.remaining()).as("the value read to its end, no further").isZero();
    }

    @Test
    void documentsBsonWouldChange_writtenByJavaSerialization_andReadBackEqual() {
        var inexact = List.of(
                new Document("date", Instant.parse("2026-11-23T08:00:00.000001Z")), // BSON dates are milliseconds
                new Document("text", "broken \uD83E pair"), // UTF-8 would turn the lone surrogate into '?'
                new Document("bad\u0000key", 1),
                new Document("map", new LinkedHashMap<>(Map.of("a", 1))), // would read back as a Document
                new Document("set", Set.of("a")),
                new Document("deep", new Document("list", List.of(new Document("date",
                        Instant.parse("2026-11-23T08:00:00.000000500Z"))))));

        for (var document : inexact) {
            var bytes = written(document);

            assertThat(bytes.get(0)).as("%s", document).isNotEqualTo(DocumentValueType.TAG_BSON_DOCUMENT);
            var read = type.read(bytes);
            assertThat(read).as("%s", document).isEqualTo(document);
            assertSameTypes(read, document);
        }
        var regex = new Document("regex", new BsonRegularExpression("^order-", "i"));
        var bytes = written(regex);
        assertThat(bytes.get(0)).isNotEqualTo(DocumentValueType.TAG_BSON_DOCUMENT);
        var read = ((Document) type.read(bytes)).get("regex");
        assertThat(read).isInstanceOf(BsonRegularExpression.class); // no equals of its own: compared as a document
        assertThat(((BsonRegularExpression) read).toDocument()).isEqualTo(new BsonRegularExpression("^order-", "i")
                .toDocument());
    }

    @Test
    void valuesWrittenByH2sOwnType_read() {
        var document = new Document("_id", "listing-1").append("unitPriceFen", 1_500L).append("tags", List.of("webbing"));
        var buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, new Object[] {document, "a string", 7L}, 3);
        var bytes = buffer.getBuffer().flip();

        var read = new Object[3];
        type.read(bytes, read, 3);

        assertThat(read).containsExactly(document, "a string", 7L);
    }

    @Test
    void aPageOfDocuments_readsBackInOrder() {
        var page = new Object[50];
        for (int i = 0; i < page.length; i++) {
            page[i] = new Document("_id", "order-" + i).append("status", i % 2 == 0 ? "PLACED" : "PAYMENT_DUE")
                    .append("amountFen", 1_000L * i);
        }
        var buffer = new WriteBuffer();
        type.write(buffer, page, page.length);
        var bytes = buffer.getBuffer().flip();

        var read = new Object[page.length];
        type.read(bytes, read, read.length);

        assertThat(read).containsExactly(page);
    }

    @Test
    void documentsOfTheStoresShapes_countedAsH2sOwnTypeCountedThem_soTheCacheHoldsWhatItHeld() {
        for (var shape : List.of("event commit", "order view", "tracking token")) {
            var counting = new DocumentValueType();
            var page = new Object[32];
            for (int i = 0; i < page.length; i++) {
                page[i] = DocumentValueTypeBenchmark.document(shape, i);
            }
            var h2 = new ObjectDataType();
            for (int i = 0; i < 4; i++) { // H2's count is a running average from a starting value: settle both
                counting.write(new WriteBuffer(), page, page.length);
                h2.write(new WriteBuffer(), page, page.length);
            }

            int h2Counts = h2.getMemory(page[0]);
            assertThat(counting.getMemory(page[0])).as(shape).isBetween(h2Counts * 4 / 5, h2Counts * 6 / 5);
        }
    }

    @Test
    void file_writtenByPlainMongoJavaServer_readByOurs_rewrittenAsBson() {
        var file = directory.resolve("store.mv.db").toString();
        var expected = new ArrayList<org.bson.Document>();
        for (int i = 0; i < 300; i++) {
            expected.add(new org.bson.Document("_id", "order-" + i).append("status", "PLACED")
                    .append("amountFen", 12_345L + i).append("at", new java.util.Date(1_795_000_000_000L + i))
                    .append("lines", List.of(new org.bson.Document("sku", "webbing-" + i).append("units", i))));
        }
        // 1. plain mongo-java-server writes its documents by Java serialization
        withServer(() -> new H2Backend(file), collection -> collection.insertMany(expected));

        // 2. ours reads them, changes some, adds more
        var ours = new DurableH2Backend(file, 16);
        withServer(() -> ours, collection -> {
            assertThat(collection.find().sort(new org.bson.Document("_id", 1)).into(new ArrayList<>()))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ours.getMvStore().openMap("databases.sharefab.orders").getValueType())
                    .isInstanceOf(DocumentValueType.class);
            for (int i = 0; i < 300; i += 3) {
                collection.updateOne(Filters.eq("_id", "order-" + i), Updates.set("status", "PAYMENT_DUE"));
                expected.get(i).put("status", "PAYMENT_DUE");
            }
            for (int i = 300; i < 400; i++) {
                var document = new org.bson.Document("_id", "order-" + i).append("status", "PLACED")
                        .append("amountFen", (long) i);
                collection.insertOne(document);
                expected.add(document);
            }
        });

        // 3. after a restart, every document is there as it was last written
        withServer(() -> new DurableH2Backend(file, 16), collection -> {
            assertThat(collection.find().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(collection.find(Filters.eq("_id", "order-3")).first()).containsEntry("status", "PAYMENT_DUE");
        });

        // 4. plain mongo-java-server refuses what ours wrote as BSON, rather than misreading it
        withServer(() -> new H2Backend(file), collection -> assertThatThrownBy(
                () -> collection.find().into(new ArrayList<>())).hasMessageContaining("120"));
    }

    private ByteBuffer written(Object value) {
        var buffer = new WriteBuffer();
        type.write(buffer, value);
        return buffer.getBuffer().flip();
    }

    /** Equal values of different classes (a Long for an Integer, a LinkedHashMap for a Document) must not pass. */
    private static void assertSameTypes(Object actual, Object expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        if (expected instanceof List<?> list) {
            assertThat(actual).isInstanceOf(List.class);
            var actualList = (List<?>) actual;
            for (int i = 0; i < list.size(); i++) {
                assertSameTypes(actualList.get(i), list.get(i));
            }
            return;
        }
        assertThat(actual).as("%s", expected).hasSameClassAs(expected);
        if (expected instanceof Map<?, ?> map) {
            assertThat(List.copyOf(((Map<?, ?>) actual).keySet())).as("keys in order").isEqualTo(List.copyOf(map.keySet()));
            map.forEach((key, value) -> assertSameTypes(((Map<?, ?>) actual).get(key), value));
        }
        if (expected instanceof BinData binary) {
            assertThat(((BinData) actual).getData()).isEqualTo(binary.getData());
        }
    }

    private static void withServer(Supplier<AbstractMongoBackend> backend,
            Consumer<com.mongodb.client.MongoCollection<org.bson.Document>> use) {
        var server = new MongoServer(backend.get());
        try (var client = MongoClients.create(server.bindAndGetConnectionString())) {
            use.accept(client.getDatabase("sharefab").getCollection("orders"));
        } finally {
            server.shutdownNow();
        }
    }
}
