package com.sharefab.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a store of 50,000 events, every hot path is served by mongo-java-server's indexes and reads O(batch) documents:
 * proven by counting, inside the server, full-collection scans and documents read by position, and by checking the
 * shape of every query the driver sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoScanningTest extends EngineTestSupport {

    private static final int AGGREGATES = 1_000;
    private static final int COMMITS_PER_AGGREGATE = 5;
    private static final int EVENTS_PER_COMMIT = 10;
    private static final int TOTAL_EVENTS = AGGREGATES * COMMITS_PER_AGGREGATE * EVENTS_PER_COMMIT;
    private static final int BATCH_SIZE = 100;
    private static final Set<String> INDEXED_KEYS = Set.of("_id", "globalIndexes", "streamKeys");

    private ScanCountingMemoryBackend server;

    @BeforeAll
    void fillStore() {
        database = mongo.freshDatabase();
        server = mongo.scanCounter();
        MongoCommitEventStorageEngine writer = engine();
        Serializer serializer = writer.getEventSerializer();
        // Written as raw commit documents (5,000 inserts through the engine would only slow the build down); the
        // layout is the engine's own. Commits of different aggregates interleave, as in production.
        List<BsonDocument> commits = new ArrayList<>();
        long position = CommitSchema.FIRST_GLOBAL_INDEX;
        for (int commit = 0; commit < COMMITS_PER_AGGREGATE; commit++) {
            for (int aggregate = 0; aggregate < AGGREGATES; aggregate++) {
                List<EventMessage<?>> events = new ArrayList<>();
                for (int event = 0; event < EVENTS_PER_COMMIT; event++) {
                    long sequenceNumber = (long) commit * EVENTS_PER_COMMIT + event;
                    events.add(event("agg-" + aggregate, sequenceNumber));
                }
                commits.add(CommitSchema.positioned(CommitSchema.commitBody(events, serializer), position,
                                                    events.size()));
                position += events.size();
                if (commits.size() == 1_000) {
                    eventsCollection().insertMany(commits);
                    commits.clear();
                }
            }
        }
        assertThat(position - 1).isEqualTo(TOTAL_EVENTS);
        assertThat(eventsCollection().countDocuments()).isEqualTo(AGGREGATES * COMMITS_PER_AGGREGATE);
    }

    @BeforeEach
    @Override
    void freshDatabase() {
        // all tests share the database filled once in fillStore()
    }

    @Test
    void readEvents_aggregateAfterItsSnapshot_readsOnlyItsCommitsByStreamKey() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.batchSize(BATCH_SIZE));
        engine.storeSnapshot(new GenericDomainEventMessage<>(AGGREGATE_TYPE, "agg-500", 24L, "state",
                                                             MetaData.emptyInstance()));

        List<DomainEventMessage<?>> loaded = measure(() -> {
            long from = engine.readSnapshot("agg-500").orElseThrow().getSequenceNumber() + 1;
            return engine.readEvents("agg-500", from).asStream().collect(Collectors.toList());
        });

        assertThat(loaded).extracting(DomainEventMessage::getSequenceNumber).first().isEqualTo(25L);
        assertThat(loaded).hasSize(25);
        assertNoScansAndAtMostRead(BATCH_SIZE);
    }

    @Test
    void readEvents_trackingBatchFromATokenInsideACommit_readsOnlyTheBatchByGlobalIndex() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.batchSize(BATCH_SIZE));
        GapAwareTrackingToken insideCommit = GapAwareTrackingToken.newInstance(25_003, List.of(24_990L, 24_995L));

        List<TrackedEventMessage<?>> batch = measure(() -> engine.readEvents(insideCommit, false)
                                                                 .limit(BATCH_SIZE).collect(Collectors.toList()));

        assertThat(batch).extracting(EngineTestSupport::position).first().isEqualTo(25_003L);  // gap fills first
        assertThat(batch).extracting(EngineTestSupport::position).last().isEqualTo(25_003L + BATCH_SIZE - 2);
        assertNoScansAndAtMostRead(BATCH_SIZE + 2);
    }

    @Test
    void readEvents_readerAtTheHead_pollsWithoutScanning() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.batchSize(BATCH_SIZE));
        GapAwareTrackingToken atHead = (GapAwareTrackingToken) engine.createHeadToken();

        List<TrackedEventMessage<?>> batch = measure(() -> engine.readEvents(atHead, false)
                                                                 .collect(Collectors.toList()));

        assertThat(batch).isEmpty();
        assertNoScansAndAtMostRead(0);
    }

    @Test
    void appendAndHeadToken_newEngineWithoutKnownHead_findsTheHeadByProbesAndInsertsOnce() {
        MongoCommitEventStorageEngine engine = engine();

        GapAwareTrackingToken head = measure(() -> {
            engine.appendEvents(event("new-aggregate-" + System.nanoTime(), 0));
            return (GapAwareTrackingToken) engine.createHeadToken();
        });

        assertThat(head.getIndex()).isGreaterThan(TOTAL_EVENTS);
        assertThat(mongo.commands("insert", "events")).hasSize(1);
        assertNoScansAndAtMostRead(10 * BoundarySearch.PROBES_PER_ROUND);
    }

    @Test
    void lastSequenceNumberFor_aggregateWithFiftyEvents_probesByStreamKey() {
        MongoCommitEventStorageEngine engine = engine();

        assertThat(measure(() -> engine.lastSequenceNumberFor("agg-777"))).contains(49L);

        assertNoScansAndAtMostRead(2 * BoundarySearch.PROBES_PER_ROUND);
    }

    @Test
    void hasEventAfter_cachedVersionIsTheLast_isOnePointProbeOfTheNextStreamKey() {
        MongoCommitEventStorageEngine engine = engine();

        assertThat(measure(() -> engine.hasEventAfter("agg-777", 49L))).isFalse();

        assertOnePointProbe("agg-777/50", 0);
    }

    @Test
    void hasEventAfter_aNewerEventInTheMiddleOfACommit_isOnePointProbeReadingOneDocument() {
        MongoCommitEventStorageEngine engine = engine();

        assertThat(measure(() -> engine.hasEventAfter("agg-777", 12L))).isTrue();

        assertOnePointProbe("agg-777/13", 1);
    }

    @Test
    void timestampAt_anIndexInTheMiddleOfACommit_isTheEventsTimestamp_fromOnePointProbe() {
        MongoCommitEventStorageEngine engine = engine();
        long index = 12_345;
        var expected = engine.readEvents(GapAwareTrackingToken.newInstance(index - 1, java.util.List.of()), false)
                             .findFirst().orElseThrow();

        var timestamp = measure(() -> engine.timestampAt(index));

        assertThat(timestamp).contains(expected.getTimestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertNoScansAndAtMostRead(1);
        assertThat(mongo.commands("find", "events")).singleElement().satisfies(find ->
                assertThat(find.getDocument("projection").keySet()).containsExactlyInAnyOrder("_id", "events.timestamp"));
    }

    @Test
    void timestampAt_pastTheHead_isEmpty_withoutAScan() {
        MongoCommitEventStorageEngine engine = engine();

        assertThat(measure(() -> engine.timestampAt(TOTAL_EVENTS + 10L))).isEmpty();

        assertNoScansAndAtMostRead(0);
    }

    /** Exactly one find on the events collection: equality on the stream key, ids only, served by the index. */
    private void assertOnePointProbe(String streamKey, int documentsRead) {
        assertNoScansAndAtMostRead(documentsRead);
        assertThat(mongo.commands("find", "events")).singleElement().satisfies(find -> {
            assertThat(find.getDocument("filter")).isEqualTo(new BsonDocument("streamKeys", new BsonString(streamKey)));
            assertThat(find.getDocument("projection").keySet()).containsExactly("_id");
        });
    }

    @Test
    void storeAndReadSnapshot_manySnapshotsStored_useTheIdIndex() {
        MongoCommitEventStorageEngine engine = engine();
        for (int aggregate = 0; aggregate < 200; aggregate++) {
            engine.storeSnapshot(new GenericDomainEventMessage<>(AGGREGATE_TYPE, "snap-" + aggregate, 1L, "state",
                                                                 MetaData.emptyInstance()));
        }

        measure(() -> {
            engine.storeSnapshot(new GenericDomainEventMessage<>(AGGREGATE_TYPE, "snap-7", 2L, "newer",
                                                                 MetaData.emptyInstance()));
            return engine.readSnapshot("snap-7").orElseThrow();
        });

        assertThat(server.scans("snapshots")).isZero();
        assertThat(server.documentsRead("snapshots")).isLessThanOrEqualTo(3);
        assertThat(mongo.commands("find", "snapshots"))
                .allSatisfy(find -> assertThat(find.getDocument("filter").keySet()).containsExactly("_id"));
    }

    private <T> T measure(Supplier<T> operation) {
        server.resetCounters();
        mongo.clearCommands();
        return operation.get();
    }

    /** No full scan of the events collection, and every query a single indexed key by equality or $in. */
    private void assertNoScansAndAtMostRead(int maxDocumentsRead) {
        assertThat(server.scans("events")).as("full scans of the events collection").isZero();
        assertThat(server.documentsRead("events")).as("documents read").isLessThanOrEqualTo(maxDocumentsRead);
        for (BsonDocument find : mongo.commands("find", "events")) {
            BsonDocument filter = find.getDocument("filter");
            assertThat(filter.keySet()).as("filter %s", filter).hasSize(1);
            assertThat(INDEXED_KEYS).as("filter %s", filter).contains(filter.getFirstKey());
            BsonValue value = filter.get(filter.getFirstKey());
            if (value.isDocument()) {
                assertThat(value.asDocument().keySet()).as("filter %s", filter).containsExactly("$in");
            }
            assertThat(find.containsKey("sort")).as("no server-side sort in %s", find).isFalse();
        }
    }
}
