package com.sharefab.query.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A mutation waiting for its own write to reach the read model: woken by this node's projection, polling for another
 * node's, and not reading the store again and again while a slow process (the booking saga) takes its time.
 */
class ReadModelUpdatesTest {

    private static final String ORDERS = "order-views";

    private final ReadModelUpdates updates = new ReadModelUpdates();

    @Test
    void await_nothingWritten_readsAFewTimesPerSecondNotEvery25Ms() {
        var reads = new AtomicInteger();

        String value = updates.await(ORDERS, "o-1", Duration.ofSeconds(1), () -> {
            reads.incrementAndGet();
            return null;
        });

        assertThat(value).isNull();
        // 25 ms, doubling, at most 200 ms apart: about 10 reads in a second (a fixed 25 ms poll read 42 times);
        // more than the first two: a write on another node, which sends no signal here, is still seen.
        assertThat(reads.get()).isBetween(5, 14);
    }

    @Test
    void await_writtenOnAnotherNode_seenByThePollAfterALongWait() throws Exception {
        var written = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(
                () -> updates.await(ORDERS, "o-1", Duration.ofSeconds(10), () -> written.get() ? "reserved" : null));
        TimeUnit.MILLISECONDS.sleep(1_500); // long enough for the pause to reach its longest

        written.set(true); // no signal: the other node's projection wrote it

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
    }

    @Test
    void await_writtenHere_wakesOnTheSignalNotThePoll() throws Exception {
        var slowPoll = new ReadModelUpdates(Duration.ofMinutes(1), Duration.ofMinutes(1), ReadModelUpdates.Locality.NOWHERE);
        var written = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(
                () -> slowPoll.await(ORDERS, "o-1", Duration.ofMinutes(2), () -> written.get() ? "reserved" : null));
        TimeUnit.MILLISECONDS.sleep(300);

        written.set(true);
        slowPoll.written(ORDERS, "o-2"); // another document's signal wakes nobody waiting for this one
        assertThat(waiting).isNotDone();
        slowPoll.written(ORDERS, "o-1");

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
    }

    @Test
    void await_projectedOnThisNode_readsOnlyOnItsSignal_neverPolls() throws Exception {
        var here = new ReadModelUpdates(ReadModelUpdates.FIRST_POLL, ReadModelUpdates.MAX_POLL,
                (group, id) -> group.equals(ORDERS) && id.equals("o-1"));
        var reads = new AtomicInteger();
        var written = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(() -> here.await(ORDERS, "o-1", Duration.ofSeconds(10), () -> {
            reads.incrementAndGet();
            return written.get() ? "reserved" : null;
        }));
        TimeUnit.MILLISECONDS.sleep(1_000); // a poll would have read about 8 times by now

        assertThat(reads.get()).isEqualTo(2); // before joining the waiters, and once after
        written.set(true);
        here.written(ORDERS, "o-1");

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
        assertThat(reads.get()).isEqualTo(3);
    }

    @Test
    void await_projectedHere_noSignal_answersNothingAtTheTimeout() {
        var here = new ReadModelUpdates(ReadModelUpdates.FIRST_POLL, ReadModelUpdates.MAX_POLL, (group, id) -> true);
        var reads = new AtomicInteger();

        String value = here.await(ORDERS, "o-1", Duration.ofMillis(500), () -> {
            reads.incrementAndGet();
            return null;
        });

        assertThat(value).isNull();
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void await_theSegmentMovesToAnotherNodeDuringTheWait_pollsAgain_andSeesTheOtherNodesWrite() throws Exception {
        var projectedHere = new AtomicBoolean(true);
        var moving = new ReadModelUpdates(ReadModelUpdates.FIRST_POLL, ReadModelUpdates.MAX_POLL,
                (group, id) -> projectedHere.get());
        var written = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(
                () -> moving.await(ORDERS, "o-1", Duration.ofSeconds(10), () -> written.get() ? "reserved" : null));
        TimeUnit.MILLISECONDS.sleep(500);

        projectedHere.set(false); // this node lost the segment; the other node projects the order, no signal here
        written.set(true);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
    }
}
