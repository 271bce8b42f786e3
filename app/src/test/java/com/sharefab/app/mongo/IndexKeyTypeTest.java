package com.sharefab.app.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.bson.Document;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's index key type must order keys exactly as H2's own type does (the files already written are
 * in that order) and keep the file format, so that index keys move between it and H2's own type both ways.
 */
class IndexKeyTypeTest {

    @TempDir
    Path directory;

    @Test
    void compare_sameSignAsH2sOwnType_forEveryPairOfKeys_alsoOnceTheirBytesAreKept() {
        var keys = keys();
        var ours = new IndexKeyType();
        var h2 = new ObjectDataType();

        for (int round = 0; round < 2; round++) { // the second round compares from kept bytes
            for (var a : keys) {
                for (var b : keys) {
                    assertThat(Integer.signum(ours.compare(a, b)))
                            .as("%s vs %s", a, b).isEqualTo(Integer.signum(h2.compare(a, b)));
                    // a fresh but equal instance, as a lookup makes one
                    var copy = new KeyValue(a.stream().toList());
                    assertThat(Integer.signum(ours.compare(copy, b)))
                            .as("copy of %s vs %s", a, b).isEqualTo(Integer.signum(h2.compare(a, b)));
                }
            }
        }
        assertThat(ours.cached()).isPositive();
    }

    @Test
    void binarySearch_findsWhatH2sOwnTypeFinds_presentAndAbsentKeys_fromEveryGuess() {
        var h2 = new ObjectDataType();
        var ours = new IndexKeyType();
        var sorted = keys().stream().filter(IndexKeyType::cacheable).distinct().sorted(h2::compare).toList();
        var page = sorted.stream().filter(k -> sorted.indexOf(k) % 2 == 0).toArray(); // every other key: gaps between
        for (var key : sorted) {
            var lookup = new KeyValue(key.stream().toList()); // a fresh instance, as a lookup makes one
            for (int guess = 0; guess <= page.length + 1; guess += 3) {
                assertThat(ours.binarySearch(lookup, page, page.length, guess)).as("%s from guess %d", key, guess)
                        .isEqualTo(h2.binarySearch(key, page, page.length, guess));
            }
        }
        assertThat(ours.binarySearch(new KeyValue("x"), new Object[0], 0, 0)).isEqualTo(-1);
    }

    @Test
    void pageOfKeys_writtenByteForByteAsH2WritesIt_andReadBackBothWays_countedAsH2CountsIt() {
        var h2 = new ObjectDataType();
        var ours = new IndexKeyType();
        var page = keys().toArray();

        for (int round = 0; round < 2; round++) { // the second round writes from kept bytes and reads kept keys
            var theirs = new WriteBuffer();
            h2.write(theirs, page, page.length);
            var mine = new WriteBuffer();
            ours.write(mine, page, page.length);

            var h2Bytes = theirs.getBuffer().flip();
            var ourBytes = mine.getBuffer().flip();
            assertThat(ourBytes).as("round %d", round).isEqualTo(h2Bytes);
            var readByOurs = new Object[page.length];
            ours.read(h2Bytes.duplicate(), readByOurs, page.length);
            var readByH2 = new Object[page.length];
            h2.read(ourBytes.duplicate(), readByH2, page.length);
            for (int i = 0; i < page.length; i++) {
                assertThat(readByOurs[i]).as("%s read by ours", page[i]).hasToString(page[i].toString());
                assertThat(readByH2[i]).as("%s read by H2", page[i]).hasToString(page[i].toString());
                if (IndexKeyType.cacheable((KeyValue) page[i])) {
                    assertThat(readByOurs[i]).isEqualTo(page[i]);
                }
            }
            assertThat(ours.getMemory(page[0])).as("counted as H2 counts it").isEqualTo(h2.getMemory(page[0]));
        }
    }

    @Test
    void cacheable_onlyKeysWhoseBytesFollowFromTheirValue() {
        assertThat(IndexKeyType.cacheable(new KeyValue("order-1"))).isTrue();
        assertThat(IndexKeyType.cacheable(new KeyValue("listing-1", 42L))).isTrue();
        assertThat(IndexKeyType.cacheable(new KeyValue("same", "same")))
                .as("a repeated value may be written as a back-reference or not").isFalse();
        assertThat(IndexKeyType.cacheable(new KeyValue(new de.bwaldvogel.mongo.bson.Document("a", 1)))).isFalse();
        assertThat(IndexKeyType.cacheable(new KeyValue("agg-1", 3.0))).as("numbers as mongo-java-server keeps them")
                .isTrue();
        assertThat(IndexKeyType.cacheable(new KeyValue(3.0, 3.0))).isFalse();
    }

    @Test
    void file_writtenByPlainMongoJavaServer_readByOurs_andBack() {
        var file = directory.resolve("store.mv.db").toString();
        var ids = new ArrayList<String>();
        var random = new Random(7);
        for (int i = 0; i < 500; i++) {
            ids.add("order-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + (i % 3 == 0 ? "-中文" : ""));
        }

        // 1. plain mongo-java-server writes: the _id index and a unique compound index, in H2's order
        withServer(() -> new H2Backend(file), collection -> {
            collection.createIndex(Indexes.ascending("aggregateId", "sequence"), new IndexOptions().unique(true));
            for (int i = 0; i < ids.size(); i++) {
                collection.insertOne(new Document("_id", ids.get(i)).append("aggregateId", "a-" + (i % 7))
                        .append("sequence", (long) i));
            }
        });
        // 2. ours reads every key by its index, ranges in order, and adds more
        var ours = new DurableH2Backend(file, 16);
        withServer(() -> ours, collection -> {
            assertFindsEveryKey(collection, ids);
            var indexMaps = ours.getMvStore().getMapNames().stream().filter(n -> n.startsWith("sharefab.orders._index_"))
                    .toList();
            assertThat(indexMaps).hasSize(2);
            indexMaps.forEach(name -> assertThat(ours.getMvStore().openMap(name).getKeyType())
                    .as(name).isInstanceOf(IndexKeyType.class));
            assertThat(indexMaps.stream().map(name -> ours.getMvStore().openMap(name).getKeyType()).distinct())
                    .as("one key type, one bounded cache, for every index of the store").hasSize(1);
            for (int i = 0; i < 100; i++) {
                var id = "order-added-" + i;
                ids.add(id);
                collection.insertOne(new Document("_id", id).append("aggregateId", "b").append("sequence", (long) i));
            }
            assertFindsEveryKey(collection, ids);
        });
        // 3. and H2's own key type reads the keys ours wrote (the documents ours writes as BSON: DocumentValueTypeTest)
        withServer(() -> withH2sKeyType(file), collection -> assertFindsEveryKey(collection, ids));
    }

    /** mongo-java-server's backend with H2's own index key type, reading documents as the embedded store writes them. */
    private static H2Backend withH2sKeyType(String file) {
        return new H2Backend(file) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String databaseName) {
                var store = getMvStore();
                return new H2Database(databaseName, store, getCursorRegistry()) {
                    @Override
                    protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
                        store.openMap("databases." + getFullCollectionNamespace(name),
                                new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
                                        .valueType(new DocumentValueType()));
                        return super.openOrCreateCollection(name, options);
                    }
                };
            }
        };
    }

    private static void assertFindsEveryKey(com.mongodb.client.MongoCollection<Document> collection, List<String> ids) {
        for (var id : ids) {
            assertThat(collection.find(Filters.eq("_id", id)).first()).as(id).isNotNull();
        }
        var sorted = ids.stream().sorted().toList();
        var page = collection.find(Filters.gt("_id", sorted.get(sorted.size() / 2))).sort(Sorts.ascending("_id"))
                .map(d -> d.getString("_id")).into(new ArrayList<>());
        assertThat(page).isEqualTo(sorted.subList(sorted.size() / 2 + 1, sorted.size()));
        assertThat(collection.find(Filters.and(Filters.eq("aggregateId", "a-3"), Filters.eq("sequence", 3L))).first())
                .isNotNull();
    }

    private static void withServer(Supplier<AbstractMongoBackend> backend,
            java.util.function.Consumer<com.mongodb.client.MongoCollection<Document>> use) {
        var server = new MongoServer(backend.get());
        try (var client = MongoClients.create(server.bindAndGetConnectionString())) {
            use.accept(client.getDatabase("sharefab").getCollection("orders"));
        } finally {
            server.shutdownNow();
        }
    }

    private static List<KeyValue> keys() {
        var keys = new ArrayList<KeyValue>();
        for (var s : List.of("", "a", "b", "ab", "ba", "order-1", "order-10", "order-2", "订单-1", "Z", "z",
                "a".repeat(300))) {
            keys.add(new KeyValue(s));
        }
        for (long n : new long[] {0, 1, -1, 127, 128, 255, 256, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE}) {
            keys.add(new KeyValue(n));
            keys.add(new KeyValue((int) n));
            keys.add(new KeyValue("agg-1", n));
            keys.add(new KeyValue("agg-1", (double) n));
            keys.add(new KeyValue((double) n, "agg-1"));
        }
        for (double d : new double[] {0.0, 1.5, -2.25, 1e300, Double.NaN, Double.POSITIVE_INFINITY}) {
            keys.add(new KeyValue(d));
        }
        keys.add(new KeyValue("agg-1", null));
        keys.add(new KeyValue(null, "agg-1"));
        keys.add(new KeyValue("same", "same"));
        keys.add(new KeyValue("x", "y"));
        keys.add(new KeyValue(true));
        keys.add(new KeyValue(1.5));
        keys.add(new KeyValue(new de.bwaldvogel.mongo.bson.Document("a", 1)));
        return keys;
    }
}
