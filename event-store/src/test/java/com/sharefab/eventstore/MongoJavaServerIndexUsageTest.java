package com.sharefab.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins down which query shapes mongo-java-server 1.47 (memory backend) answers from an index and which by scanning the
 * whole collection, as read in its source ({@code AbstractMongoCollection.queryDocuments},
 * {@code AbstractUniqueIndex.canHandle/getPositions}). The engine's design (NOTES.md) rests on these facts; if an
 * upgrade changes them, this test says so.
 */
class MongoJavaServerIndexUsageTest {

    private static final int DOCUMENTS = 1_000;

    private static InProcessMongo mongo;
    private MongoCollection<Document> collection;

    @BeforeAll
    static void startMongo() {
        mongo = InProcessMongo.memory();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        collection = database.getCollection("c");
        collection.createIndex(new Document("unique", 1), new IndexOptions().unique(true));
        collection.createIndex(new Document("a", 1).append("b", 1), new IndexOptions().unique(true));
        collection.createIndex(new Document("multi", 1), new IndexOptions().unique(true));
        collection.createIndex(new Document("plain", 1));
        List<Document> documents = new ArrayList<>();
        for (long i = 0; i < DOCUMENTS; i++) {
            documents.add(new Document("_id", i).append("unique", "u" + i).append("a", "a" + i).append("b", i)
                                                .append("multi", List.of(3 * i, 3 * i + 1, 3 * i + 2))
                                                .append("plain", i));
        }
        collection.insertMany(documents);
    }

    @Test
    void find_idEquality_servedByIndex() {
        assertIndexed(new Document("_id", 5L), 1);
    }

    @Test
    void find_idIn_servedByIndexReadingOnlyTheListedDocuments() {
        assertIndexed(Filters.in("_id", 5L, 6L, 7L, 5_000L), 3);
    }

    @Test
    void find_idRange_scansCollection() {
        assertScanned(Filters.gt("_id", 990L), 9);
        assertScanned(new Document("_id", new Document("$gte", 10L).append("$lt", 12L)), 2);
    }

    @Test
    void find_uniqueFieldEqualityOrIn_servedByIndex() {
        assertIndexed(new Document("unique", "u7"), 1);
        assertIndexed(Filters.in("unique", "u7", "u8"), 2);
    }

    @Test
    void find_compoundUniqueKeysAsPlainDocument_servedByIndex() {
        assertIndexed(new Document("a", "a7").append("b", 7L), 1);
    }

    @Test
    void find_compoundUniqueKeysWithFiltersAnd_scansBecauseDriverRendersDollarAnd() {
        assertScanned(Filters.and(Filters.eq("a", "a7"), Filters.eq("b", 7L)), 1);
    }

    @Test
    void find_compoundUniqueKeysWithIn_scansCollection() {
        assertScanned(new Document("a", new Document("$in", List.of("a7", "a8"))).append("b", 7L), 1);
    }

    @Test
    void find_idPlusAnotherField_scansCollection() {
        assertScanned(new Document("_id", 7L).append("plain", 7L), 1);
    }

    @Test
    void find_uniqueMultikeyEqualityOrIn_servedByIndexButInReturnsDuplicates() {
        assertIndexed(new Document("multi", 22L), 1);   // element of document 7's array
        mongo.scanCounter().resetCounters();
        List<Document> found = collection.find(Filters.in("multi", 21L, 22L, 23L)).into(new ArrayList<>());
        assertThat(mongo.scanCounter().scans("c")).isZero();
        // one document, returned once per matching $in value (MongoDB would return it once)
        assertThat(found).hasSize(3).extracting(document -> document.get("_id")).containsOnly(7L);
    }

    @Test
    void find_nonUniqueIndexedField_scansCollection() {
        assertScanned(new Document("plain", 7L), 1);
    }

    @Test
    void find_emptyFilterWithLimit_isServedByAScan() {
        mongo.scanCounter().resetCounters();
        assertThat(collection.find().limit(1).first()).isNotNull();
        assertThat(mongo.scanCounter().scans("c")).isEqualTo(1);
    }

    @Test
    void find_idInWithSort_servedByIndex() {
        mongo.scanCounter().resetCounters();
        List<Document> found = collection.find(Filters.in("_id", 9L, 8L)).sort(new Document("_id", 1))
                                         .into(new ArrayList<>());
        assertThat(mongo.scanCounter().scans("c")).isZero();
        assertThat(found).extracting(document -> document.get("_id")).containsExactly(8L, 9L);
    }

    private void assertIndexed(Bson filter, int expectedResults) {
        mongo.scanCounter().resetCounters();
        List<Document> found = collection.find(filter).into(new ArrayList<>());
        assertThat(found).hasSize(expectedResults);
        assertThat(mongo.scanCounter().scans("c")).as("full scans for %s", filter).isZero();
        assertThat(mongo.scanCounter().documentsRead("c")).as("documents read for %s", filter)
                                                          .isLessThanOrEqualTo(expectedResults);
    }

    private void assertScanned(Bson filter, int expectedResults) {
        mongo.scanCounter().resetCounters();
        List<Document> found = collection.find(filter).into(new ArrayList<>());
        assertThat(found).hasSize(expectedResults);
        assertThat(mongo.scanCounter().scans("c")).as("full scans for %s", filter).isEqualTo(1);
    }

}
