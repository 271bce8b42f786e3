package com.sharefab.eventstore.benchmark;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocumentWrapper;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * axon-mongo 4.12's {@link MongoEventStorageEngine} with its defaults ({@code DefaultMongoTemplate}, document per
 * event, 1 s look-back) and the same Jackson serializer. Jackson cannot produce a {@code DBObject}, so axon-mongo stores
 * payload and metadata as JSON text.
 */
final class AxonMongoTarget extends EngineTarget {

    private static final int SEED_BATCH = 1_000;
    /** axon-mongo's default look-back for tracking tokens ({@code AbstractMongoEventStorageStrategy}). */
    private static final Duration LOOK_BACK = Duration.ofMillis(1000);

    /** Exposes the protected batch fetch, to time exactly one "next batch after a token". */
    static final class Engine extends MongoEventStorageEngine {

        Engine(MongoEventStorageEngine.Builder builder) {
            super(builder);
        }

        List<? extends TrackedEventData<?>> nextBatch(TrackingToken token, int batchSize) {
            return fetchTrackedEvents(token, batchSize);
        }
    }

    private final MongoDatabase database;
    private final Serializer serializer;
    private final Engine engine;

    AxonMongoTarget(MongoDatabase database, Serializer serializer) {
        super(new Engine(MongoEventStorageEngine.builder()
                                                .mongoTemplate(DefaultMongoTemplate.builder()
                                                                                   .mongoDatabase(database)
                                                                                   .build())
                                                .eventSerializer(serializer)
                                                .snapshotSerializer(serializer)));
        this.database = database;
        this.serializer = serializer;
        this.engine = (Engine) engine();
    }

    @Override
    public String name() {
        return "axon-mongo";
    }

    /** Through the engine itself: {@code appendEvents} of 1000 events is one {@code insertMany} of 1000 documents. */
    @Override
    public String seed(BenchmarkData data) {
        List<DomainEventMessage<?>> batch = new ArrayList<>(SEED_BATCH);
        for (long i = 0; i < data.n; i++) {
            batch.add(data.event(i));
            if (batch.size() == SEED_BATCH) {
                engine.appendEvents(batch);
                batch = new ArrayList<>(SEED_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            engine.appendEvents(batch);
        }
        return "engine.appendEvents with " + SEED_BATCH + " events per call (one insertMany; document per event)";
    }

    /**
     * The token a tracking processor holds after handling event {@code afterGlobalIndex}: its timestamp and the ids
     * of the events within the look-back window before it (about 100 at the seeded 100 events/s).
     */
    @Override
    public int fetchAfter(BenchmarkData data, long afterGlobalIndex, int batchSize) {
        long last = afterGlobalIndex - 1;
        Instant timestamp = data.timestampOf(last);
        long cutOff = timestamp.toEpochMilli() - LOOK_BACK.toMillis();
        Map<String, Long> tracked = new LinkedHashMap<>();
        for (long index = Math.max(0, last - 200); index <= last; index++) {
            long millis = data.timestampOf(index).toEpochMilli();
            if (millis >= cutOff) {
                tracked.put(data.eventId(index), millis);
            }
        }
        return engine.nextBatch(MongoTrackingToken.of(timestamp, tracked), batchSize).size();
    }

    @Override
    public int sampleDocumentBytes(BenchmarkData data) {
        EventEntry entry = new EventEntry(data.event(data.n / 2), serializer);
        var document = BsonDocumentWrapper.asBsonDocument(entry.asDocument(EventEntryConfiguration.getDefault()),
                                                          MongoClientSettings.getDefaultCodecRegistry());
        return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
    }

    @Override
    public void drop() {
        super.drop();
        database.drop();
    }
}
