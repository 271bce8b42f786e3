package com.sharefab.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Two engines sharing one database, as two application nodes would. */
class ConcurrentAppendTest extends EngineTestSupport {

    private static final int RACES = 200;
    private static final Throwable NO_FAILURE = new Throwable("none");

    @Test
    void append_sameAggregateSequenceFromTwoEnginesAtOnce_exactlyOneWinsAndTheOtherGetsConcurrencyException()
            throws Exception {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int race = 0; race < RACES; race++) {
                String aggregate = "order-" + race;
                node1.appendEvents(event(aggregate, 0));
                CyclicBarrier start = new CyclicBarrier(2);
                // both nodes loaded the aggregate at sequence 0 and now append sequence 1 (and 2)
                Future<Throwable> first = threads.submit(() -> append(start, node1, events(aggregate, 1, 3)));
                Future<Throwable> second = threads.submit(() -> append(start, node2, events(aggregate, 1, 2)));
                List<Throwable> outcomes = List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));

                assertThat(outcomes).as("race %d", race).filteredOn(outcome -> outcome == NO_FAILURE).hasSize(1);
                assertThat(outcomes).as("race %d", race).filteredOn(outcome -> outcome != NO_FAILURE)
                                    .singleElement().isInstanceOf(ConcurrencyException.class);
                long stored = node1.readEvents(aggregate).asStream().count();
                assertThat(stored).as("race %d: events 0 and the winner's", race).isIn(2L, 3L);
            }
        } finally {
            threads.shutdownNow();
        }
        assertContiguousGlobalIndex(node2);
    }

    private static Throwable append(CyclicBarrier start, MongoCommitEventStorageEngine engine,
                                    List<DomainEventMessage<?>> events) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        try {
            engine.appendEvents(events);
            return NO_FAILURE;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void append_twoEnginesInterleavingDifferentAggregates_globalIndexIsContiguousAndAReaderSeesEveryEventOnceInOrder()
            throws Exception {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        MongoCommitEventStorageEngine reader = engine(builder -> builder.batchSize(7));
        int writersPerNode = 3;
        int commitsPerWriter = 60;
        ConcurrentLinkedQueue<String> appended = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(2 * writersPerNode + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 2 * writersPerNode; writer++) {
                MongoCommitEventStorageEngine node = writer % 2 == 0 ? node1 : node2;
                String aggregate = "aggregate-" + writer;
                writers.add(threads.submit(() -> {
                    long nextSequenceNumber = 0;
                    for (int commit = 0; commit < commitsPerWriter; commit++) {
                        int size = 1 + commit % 3;   // commits of 1, 2 and 3 events
                        List<DomainEventMessage<?>> events =
                                events(aggregate, nextSequenceNumber, nextSequenceNumber + size);
                        nextSequenceNumber += size;
                        node.appendEvents(events);
                        events.forEach(event -> appended.add(event.getIdentifier()));
                    }
                    return null;
                }));
            }
            // a tracking reader polls while the writers write
            CompletableFuture<List<TrackedEventMessage<?>>> seen = CompletableFuture.supplyAsync(() -> {
                List<TrackedEventMessage<?>> result = new ArrayList<>();
                TrackingToken token = null;
                while (true) {
                    boolean finished = !writing.get();
                    List<TrackedEventMessage<?>> batch = readAll(reader, token);
                    result.addAll(batch);
                    if (!batch.isEmpty()) {
                        token = batch.get(batch.size() - 1).trackingToken();
                    } else if (finished) {
                        return result;
                    }
                }
            }, threads);
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            List<TrackedEventMessage<?>> read = seen.get(60, TimeUnit.SECONDS);

            assertThat(identifiers(read)).doesNotHaveDuplicates()
                                         .containsExactlyInAnyOrderElementsOf(appended);
            assertThat(read).extracting(EngineTestSupport::position).isSorted().doesNotHaveDuplicates();
            assertThat(read).allSatisfy(event -> assertThat(
                    ((GapAwareTrackingToken) event.trackingToken()).getGaps()).isEmpty());
        } finally {
            threads.shutdownNow();
        }
        assertContiguousGlobalIndex(node1);
    }

    @Test
    void append_manyThreadsOnOneEngineWhileAnotherNodeWrites_groupsTheirCommits_aConflictFailsAlone_noGapsNoLoss()
            throws Exception {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        int pairs = 8;
        int rounds = 25;
        for (int round = 0; round < rounds; round++) {
            for (int pair = 0; pair < pairs; pair++) {
                node1.appendEvents(event("shared-" + round + "-" + pair, 0));
            }
        }
        mongo.clearCommands();
        ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
        AtomicInteger appends = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicBoolean otherNodeWriting = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(2 * pairs + 1);
        try {
            // the other node keeps taking head positions from under node1's groups
            Future<?> otherNode = threads.submit(() -> {
                for (long sequence = 0; otherNodeWriting.get(); sequence++) {
                    var events = events("other-node", sequence, sequence + 1);
                    node2.appendEvents(events);
                    appends.incrementAndGet();
                    events.forEach(event -> stored.add(event.getIdentifier()));
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int thread = 0; thread < 2 * pairs; thread++) {
                int pair = thread % pairs;
                int own = thread;
                writers.add(threads.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        // two threads append sequence 1 of the same aggregate: one must lose, alone
                        var contested = events("shared-" + round + "-" + pair, 1, 2 + own % 2);
                        try {
                            node1.appendEvents(contested);
                            appends.incrementAndGet();
                            contested.forEach(event -> stored.add(event.getIdentifier()));
                        } catch (ConcurrencyException lost) {
                            conflicts.incrementAndGet();
                        }
                        var uncontested = events("own-" + own, round, round + 1);
                        node1.appendEvents(uncontested);
                        appends.incrementAndGet();
                        uncontested.forEach(event -> stored.add(event.getIdentifier()));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            otherNodeWriting.set(false);
            otherNode.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(conflicts).as("exactly one loser per contested aggregate").hasValue(pairs * rounds);
        for (int round = 0; round < rounds; round++) {
            for (int pair = 0; pair < pairs; pair++) {
                assertThat(node1.readEvents("shared-" + round + "-" + pair).asStream().count())
                        .as("event 0 and the winner's").isIn(2L, 3L);
            }
        }
        List<TrackedEventMessage<?>> all = readAll(node1, null);
        assertThat(identifiers(all)).as("every acknowledged event stored once")
                                    .containsAll(stored).doesNotHaveDuplicates();
        assertContiguousGlobalIndex(node1);
        assertThat(mongo.commands("insert", "events"))
                .as("commits waiting together go in one insert (largest insert, in commits)")
                .anySatisfy(insert -> assertThat(insert.getArray("documents").size()).isGreaterThan(1));
    }

    @Test
    void append_newEngineOnExistingData_appendsRightAfterTheExistingHead() {
        MongoCommitEventStorageEngine before = engine();
        for (int commit = 0; commit < 150; commit++) {
            before.appendEvents(events("order-" + commit, 0, 1 + commit % 4));
        }
        long head = lastIndex(before);

        MongoCommitEventStorageEngine restarted = engine();
        mongo.clearCommands();
        restarted.appendEvents(events("new-order", 0, 2));

        assertThat(eventsCollection().find(new BsonDocument("_id", new BsonInt64(head + 1))).first())
                .as("the new commit starts right after the old head").isNotNull();
        // head discovery probes with $in on globalIndexes and inserts once, without a failed attempt
        assertThat(mongo.commands("insert", "events")).hasSize(1);
        assertThat(mongo.commands("find", "events")).hasSizeLessThanOrEqualTo(6);
        assertContiguousGlobalIndex(restarted);
    }

    @Test
    void append_engineWithStaleHeadAfterOtherNodeWrote_retriesAfterTheNewHeadWithoutOverlap() {
        MongoCommitEventStorageEngine node1 = engine();
        MongoCommitEventStorageEngine node2 = engine();
        node1.appendEvents(events("a", 0, 3));                 // node1 now guesses 4 as the next index
        for (int commit = 0; commit < 500; commit++) {         // node2 moves the head far away
            node2.appendEvents(events("b-" + commit, 0, 2));
        }
        mongo.clearCommands();
        node1.appendEvents(events("a", 3, 5));

        assertThat(mongo.commands("insert", "events")).as("one refused guess, then the real head").hasSize(2);
        assertThat(mongo.commands("find", "events")).as("head found by a few $in probe rounds").hasSizeLessThan(6);
        assertThat(node2.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertContiguousGlobalIndex(node1);
    }

    /** Every global index from 1 to the last is read exactly once, in order. */
    private void assertContiguousGlobalIndex(MongoCommitEventStorageEngine engine) {
        List<TrackedEventMessage<?>> all = readAll(engine, null);
        List<Long> positions = all.stream().map(EngineTestSupport::position).toList();
        List<Long> expected = new ArrayList<>();
        for (long index = 1; index <= all.size(); index++) {
            expected.add(index);
        }
        assertThat(positions).isEqualTo(expected);
        Set<String> ids = new HashSet<>(identifiers(all));
        assertThat(ids).hasSameSizeAs(all);
    }

    private static long lastIndex(MongoCommitEventStorageEngine engine) {
        return ((GapAwareTrackingToken) engine.createHeadToken()).getIndex();
    }
}
