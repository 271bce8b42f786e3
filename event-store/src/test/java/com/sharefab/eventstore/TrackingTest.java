package com.sharefab.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingTest extends EngineTestSupport {

    @AfterEach
    void resetClock() {
        GenericEventMessage.clock = Clock.systemUTC();
    }

    @Test
    void readEvents_tokenInsideACommit_resumesWithTheNextEventOfThatCommit() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(events("a", 0, 2));          // global 1, 2
        engine.appendEvents(events("b", 0, 5));          // global 3..7, one document
        List<TrackedEventMessage<?>> all = readAll(engine, null);

        TrackingToken insideCommit = all.get(3).trackingToken();   // global 4: second event of b's commit
        List<TrackedEventMessage<?>> resumed = readAll(engine, insideCommit);

        assertThat(identifiers(resumed)).isEqualTo(identifiers(all.subList(4, 7)));
        assertThat(resumed).extracting(EngineTestSupport::position).containsExactly(5L, 6L, 7L);
    }

    @Test
    void readEvents_commitMissingThenInsertedLate_gapIsReadBackWhenItAppears() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(event("a", 0));               // global 1
        engine.appendEvents(events("b", 0, 2));           // global 2, 3
        engine.appendEvents(event("c", 0));               // global 4
        BsonDocument lateCommit = eventsCollection().findOneAndDelete(new BsonDocument("_id", new BsonInt64(2)));

        List<TrackedEventMessage<?>> firstRead = readAll(engine, null);
        GapAwareTrackingToken token = (GapAwareTrackingToken) firstRead.get(firstRead.size() - 1).trackingToken();
        assertThat(identifiers(firstRead)).hasSize(2);
        assertThat(token.getIndex()).isEqualTo(4);
        assertThat(token.getGaps()).containsExactly(2L, 3L);
        assertThat(readAll(engine, token)).as("nothing new while the gap is open").isEmpty();

        eventsCollection().insertOne(lateCommit);   // the late commit appears below the token's index
        List<TrackedEventMessage<?>> secondRead = readAll(engine, token);

        assertThat(payloads(secondRead)).containsExactly("payload-b-0", "payload-b-1");
        GapAwareTrackingToken after = (GapAwareTrackingToken) secondRead.get(1).trackingToken();
        assertThat(after.getIndex()).isEqualTo(4);
        assertThat(after.getGaps()).isEmpty();
    }

    @Test
    void readEvents_gapWhoseFollowingEventIsOlderThanGapTimeout_isNotWaitedFor() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.gapTimeout(1_000));
        GenericEventMessage.clock = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("b", 0));
        engine.appendEvents(event("c", 0));
        GenericEventMessage.clock = Clock.systemUTC();
        eventsCollection().deleteOne(new BsonDocument("_id", new BsonInt64(2)));

        List<TrackedEventMessage<?>> read = readAll(engine, null);

        assertThat(((GapAwareTrackingToken) read.get(1).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void readEvents_holeWiderThanABatch_readerSkipsItInsteadOfStalling() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.batchSize(10));
        engine.appendEvents(event("a", 0));               // global 1
        engine.appendEvents(events("big", 0, 150));       // global 2..151, one document
        engine.appendEvents(events("c", 0, 3));           // global 152..154
        eventsCollection().deleteOne(new BsonDocument("_id", new BsonInt64(2)));

        List<TrackedEventMessage<?>> read = readAll(engine, null);

        assertThat(read).extracting(EngineTestSupport::position).containsExactly(1L, 152L, 153L, 154L);
    }

    @Test
    void readEvents_holeWiderThanABatchSeenByAnotherNode_readerSkipsItOnceAProbeHitsDataBeyond() {
        MongoCommitEventStorageEngine writer = engine();
        MongoCommitEventStorageEngine reader = engine(builder -> builder.batchSize(10));
        writer.appendEvents(event("a", 0));               // global 1
        writer.appendEvents(events("big", 0, 30));        // global 2..31, one document
        writer.appendEvents(events("c", 0, 40));          // global 32..71
        eventsCollection().deleteOne(new BsonDocument("_id", new BsonInt64(2)));

        List<TrackedEventMessage<?>> read = readAll(reader, null);

        assertThat(read).extracting(EngineTestSupport::position)
                        .containsExactlyElementsOf(LongStream.concat(LongStream.of(1), LongStream.range(32, 72))
                                                             .boxed().toList());
    }

    @Test
    void readEvents_manyOpenGaps_tokenKeepsOnlyGapsWithinMaxGapOffset() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.maxGapOffset(50));
        for (int commit = 0; commit < 200; commit++) {
            engine.appendEvents(event("agg-" + commit, 0));
        }
        LongStream.rangeClosed(1, 199).filter(index -> index % 2 == 0)
                  .forEach(index -> eventsCollection().deleteOne(new BsonDocument("_id", new BsonInt64(index))));

        List<TrackedEventMessage<?>> read = readAll(engine, null);
        GapAwareTrackingToken last = (GapAwareTrackingToken) read.get(read.size() - 1).trackingToken();

        assertThat(read).hasSize(101);
        assertThat(last.getIndex()).isEqualTo(200);
        assertThat(last.getGaps()).isNotEmpty().allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(150));
    }

    @Test
    void readEvents_tokenWithMoreGapsThanCleaningThreshold_dropsGapsFollowedByOldEvents() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.gapCleaningThreshold(3).gapTimeout(1_000));
        GenericEventMessage.clock = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        for (int commit = 0; commit < 10; commit++) {
            engine.appendEvents(event("agg-" + commit, 0));    // global 1..10, all old
        }
        GenericEventMessage.clock = Clock.systemUTC();
        engine.appendEvents(event("fresh", 0));                // global 11
        GapAwareTrackingToken manyGaps = GapAwareTrackingToken.newInstance(10, List.of(2L, 4L, 6L, 8L));

        List<TrackedEventMessage<?>> read = readAll(engine, manyGaps);

        assertThat(payloads(read)).containsExactly("payload-fresh-0");
        assertThat(((GapAwareTrackingToken) read.get(0).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void createTailTokenAndHeadToken_emptyStore_areNull() {
        MongoCommitEventStorageEngine engine = engine();

        assertThat(engine.createTailToken()).isNull();
        assertThat(engine.createHeadToken()).isNull();
    }

    @Test
    void createHeadToken_otherNodeAppended_pointsAtTheLastStoredEvent() {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        node1.appendEvents(events("a", 0, 3));
        node2.appendEvents(events("b", 0, 4));

        assertThat(node1.createHeadToken()).isEqualTo(GapAwareTrackingToken.newInstance(7, Collections.emptySet()));
        assertThat(node1.createTailToken()).isEqualTo(GapAwareTrackingToken.newInstance(0, Collections.emptySet()));
    }

    @Test
    void headPosition_emptyStore_isZero_soThreeAppendedEventsMoveItByThree() {
        MongoCommitEventStorageEngine engine = engine();
        assertThat(engine.headPosition()).isZero();

        engine.appendEvents(events("a", 0, 3));

        assertThat(engine.headPosition()).isEqualTo(3);
    }

    @Test
    void headPosition_otherNodeAppended_isTheGlobalIndexOfTheLastStoredEvent() {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        node1.appendEvents(events("a", 0, 3));          // global 1..3
        assertThat(node1.headPosition()).isEqualTo(3);

        node2.appendEvents(events("b", 0, 4));          // global 4..7
        assertThat(node1.headPosition()).isEqualTo(7);
    }

    @Test
    void createTokenAt_timeInsideACommit_pointsBeforeTheFirstEventAtOrAfterIt() {
        MongoCommitEventStorageEngine engine = engine();
        Instant start = Instant.parse("2024-01-01T10:00:00Z");
        engine.appendEvents(event(start, "a", 0), event(start.plusSeconds(10), "a", 1),
                            event(start.plusSeconds(20), "a", 2));
        engine.appendEvents(event(start.plusSeconds(30), "b", 0));

        assertThat(engine.createTokenAt(start.plusSeconds(10)))
                .isEqualTo(GapAwareTrackingToken.newInstance(1, Collections.emptySet()));
        assertThat(engine.createTokenAt(start.plusSeconds(25)))
                .isEqualTo(GapAwareTrackingToken.newInstance(3, Collections.emptySet()));
        assertThat(engine.createTokenAt(start.plusSeconds(99)))
                .isEqualTo(GapAwareTrackingToken.newInstance(4, Collections.emptySet()));
    }

    private static DomainEventMessage<?> event(Instant timestamp, String aggregate, long sequenceNumber) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregate, sequenceNumber, "payload",
                                               MetaData.emptyInstance(), UUID.randomUUID().toString(), timestamp);
    }
}
