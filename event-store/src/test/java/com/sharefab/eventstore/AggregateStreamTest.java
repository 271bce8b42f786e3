package com.sharefab.eventstore;

import com.mongodb.WriteConcern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateStreamTest extends EngineTestSupport {

    @Test
    void appendEvents_eventsOfTwoAggregatesAndAnApplicationEvent_storedAsOneCommitDocument() {
        MongoCommitEventStorageEngine engine = engine();

        engine.appendEvents(event("a", 0), event("a", 1), event("b", 0), GenericEventMessage.asEventMessage("app"));

        assertThat(eventsCollection().countDocuments()).isEqualTo(1);
        BsonDocument commit = eventsCollection().find().first();
        assertThat(commit.getInt64("_id").getValue()).isEqualTo(1);
        assertThat(commit.getInt32("count").getValue()).isEqualTo(4);
        assertThat(commit.getArray("streamKeys")).containsExactly(new BsonString("a/0"), new BsonString("a/1"),
                                                                  new BsonString("b/0"));
        assertThat(commit.getArray("events")).hasSize(4);
    }

    @Test
    void appendEvents_oneEventConflictsWithAStoredEvent_noEventOfTheCommitIsStored() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(events("a", 0, 3));

        assertThatThrownBy(() -> engine.appendEvents(event("new", 0), event("a", 2), event("a", 3)))
                .isInstanceOf(ConcurrencyException.class)
                .hasMessageContaining("aggregate [a] at sequence [2]");

        assertThat(engine.readEvents("new").asStream()).isEmpty();
        assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L);
        assertThat(eventsCollection().countDocuments()).isEqualTo(1);
    }

    @Test
    void appendEvents_sequenceZeroOfAnExistingAggregateInALaterAppend_aggregateStreamCreationException() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(events("a", 0, 2));

        assertThatThrownBy(() -> engine.appendEvents(event("a", 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void appendEvents_eventIdentifierAlreadyStoredByAnEarlierAppend_concurrencyException() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(new GenericDomainEventMessage<>(AGGREGATE_TYPE, "a", 0, "x", MetaData.emptyInstance(),
                                                            "same-id", GenericEventMessage.clock.instant()));

        assertThatThrownBy(() -> engine.appendEvents(new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, "b", 3, "y", MetaData.emptyInstance(), "same-id", GenericEventMessage.clock.instant())))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void appendEvents_duplicateWithCustomResolverThatRecognisesNothing_eventStoreException() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.persistenceExceptionResolver(e -> false));
        engine.appendEvents(event("a", 0));

        assertThatThrownBy(() -> engine.appendEvents(event("a", 0)))
                .isExactlyInstanceOf(EventStoreException.class);
    }

    @Test
    void appendEvents_commitLargerThanTheDocumentLimit_eventStoreExceptionAndNothingStored() {
        MongoCommitEventStorageEngine engine = engine();
        String fourMegabytes = "x".repeat(4 * 1024 * 1024);

        assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 5).stream()
                                                              .map(event -> event(event.getAggregateIdentifier(),
                                                                                  event.getSequenceNumber(),
                                                                                  fourMegabytes))
                                                              .toList()))
                .isExactlyInstanceOf(EventStoreException.class)
                .hasMessageContaining("document size limit");
        assertThat(eventsCollection().countDocuments()).isZero();
    }

    @Test
    void appendEvents_databaseConfiguredWithMajorityWriteConcern_insertsWithThatWriteConcern() {
        database = database.withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        MongoCommitEventStorageEngine engine = engine();
        mongo.clearCommands();

        engine.appendEvents(event("a", 0));

        assertThat(mongo.commands("insert", "events")).singleElement().satisfies(insert -> assertThat(
                insert.getDocument("writeConcern")).isEqualTo(BsonDocument.parse("{w: 'majority', j: true}")));
    }

    @Test
    void readEvents_fromASequenceNumberInsideACommit_returnsTheRestOfTheStream() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(events("a", 0, 4));
        engine.appendEvents(events("a", 4, 9));

        assertThat(engine.readEvents("a", 6).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(6L, 7L, 8L);
        assertThat(engine.readEvents("a", 2).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void readEvents_streamLongerThanSeveralBatchesInMixedCommits_returnsAllEventsInOrder() {
        MongoCommitEventStorageEngine engine = engine(builder -> builder.batchSize(10));
        long next = 0;
        for (int size : new int[]{1, 25, 3, 10, 7, 1, 40}) {
            engine.appendEvents(events("a", next, next + size));
            engine.appendEvents(event("noise-" + next, 0));
            next += size;
        }

        assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(LongStream.range(0, next).boxed().toList());
    }

    @Test
    void readEvents_aggregateIdentifierContainingSlashes_doesNotMixStreams() {
        MongoCommitEventStorageEngine engine = engine();
        engine.appendEvents(events("a/1", 0, 3));
        engine.appendEvents(events("a", 0, 2));

        assertThat(engine.readEvents("a").asStream().count()).isEqualTo(2);
        assertThat(engine.readEvents("a/1").asStream().count()).isEqualTo(3);
        assertThat(engine.lastSequenceNumberFor("a")).contains(1L);
        assertThat(engine.lastSequenceNumberFor("a/1")).contains(2L);
    }

    @Test
    void lastSequenceNumberFor_streamsOfManyLengths_returnsTheLastSequenceNumber() {
        MongoCommitEventStorageEngine engine = engine();
        List<Integer> lengths = List.of(1, 2, 63, 64, 65, 130, 1_000);
        for (int length : lengths) {
            for (long from = 0; from < length; from += 37) {   // commits of up to 37 events
                engine.appendEvents(new ArrayList<>(events("agg-" + length, from, Math.min(length, from + 37))));
            }
        }

        assertThat(engine.lastSequenceNumberFor("unknown")).isEmpty();
        for (int length : lengths) {
            assertThat(engine.lastSequenceNumberFor("agg-" + length)).as("length %d", length)
                                                                       .contains((long) length - 1);
        }
    }
}
