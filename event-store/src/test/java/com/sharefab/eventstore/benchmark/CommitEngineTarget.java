package com.sharefab.eventstore.benchmark;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Sharefab's {@link MongoCommitEventStorageEngine}. */
final class CommitEngineTarget extends EngineTarget {

    private static final int SEED_BATCH = 1_000;

    /** Exposes the protected batch fetch, to time exactly one "next batch after a token". */
    static final class Engine extends MongoCommitEventStorageEngine {

        Engine(MongoCommitEventStorageEngine.Builder builder) {
            super(builder);
        }

        List<? extends TrackedEventData<?>> nextBatch(TrackingToken token, int batchSize) {
            return fetchTrackedEvents(token, batchSize);
        }
    }

    private final MongoDatabase database;
    private final Serializer serializer;
    private final Engine engine;

    CommitEngineTarget(MongoDatabase database, Serializer serializer) {
        super(build(database, serializer));
        this.database = database;
        this.serializer = serializer;
        this.engine = (Engine) engine();
    }

    private static Engine build(MongoDatabase database, Serializer serializer) {
        Engine engine = new Engine(MongoCommitEventStorageEngine.builder()
                                                                .database(database)
                                                                .eventSerializer(serializer)
                                                                .snapshotSerializer(serializer));
        engine.ensureIndexes();
        return engine;
    }

    @Override
    public String name() {
        return "sharefab engine";
    }

    /**
     * Bulk-inserts single-event commit documents in exactly the engine's format (verified against documents the
     * engine wrote itself, see {@code EventStoreBenchmark.verifySeedFormat}) into the events collection, with the
     * engine's unique indexes in place.
     */
    @Override
    public String seed(BenchmarkData data) {
        if (data.commitSize > 1) {
            // multi-event commits: through the engine itself, one appendEvents per commit
            for (long first = 0; first < data.n; first += data.commitSize) {
                List<org.axonframework.eventhandling.DomainEventMessage<?>> commit = new ArrayList<>();
                for (long i = first; i < first + data.commitSize; i++) {
                    commit.add(data.event(i));
                }
                engine.appendEvents(commit);
            }
            return "engine.appendEvents, one call per commit of " + data.commitSize + " events of one aggregate";
        }
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        List<BsonDocument> batch = new ArrayList<>(SEED_BATCH);
        for (long i = 0; i < data.n; i++) {
            batch.add(BenchmarkData.commitDocument(data.event(i), i + 1, serializer));
            if (batch.size() == SEED_BATCH) {
                events.insertMany(batch);
                batch = new ArrayList<>(SEED_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
        return "insertMany of single-event commit documents in the engine's own format (format verified), "
                + SEED_BATCH + " per call, engine indexes in place";
    }

    @Override
    public int fetchAfter(BenchmarkData data, long afterGlobalIndex, int batchSize) {
        TrackingToken token = GapAwareTrackingToken.newInstance(afterGlobalIndex, Collections.emptySortedSet());
        return engine.nextBatch(token, batchSize).size();
    }

    @Override
    public int sampleDocumentBytes(BenchmarkData data) {
        BsonDocument sample = BenchmarkData.commitDocument(data.event(data.n / 2), data.n / 2 + 1, serializer);
        return new RawBsonDocument(sample, new BsonDocumentCodec()).getByteBuffer().remaining();
    }

    @Override
    public void drop() {
        super.drop();
        database.drop();
    }
}
