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

    private final ReadModelUpdates updates = new ReadModelUpdates();

    @Test
    void await_nothingWritten_readsAFewTimesPerSecondNotEvery25Ms() {
        var reads = new AtomicInteger();

        String value = updates.await("order:o-1", Duration.ofSeconds(1), () -> {
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
                () -> updates.await("order:o-1", Duration.ofSeconds(10), () -> written.get() ? "reserved" : null));
        TimeUnit.MILLISECONDS.sleep(1_500); // long enough for the pause to reach its longest

        written.set(true); // no signal: the other node's projection wrote it

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
    }

    @Test
    void await_writtenHere_wakesOnTheSignalNotThePoll() throws Exception {
        var slowPoll = new ReadModelUpdates(Duration.ofMinutes(1), Duration.ofMinutes(1));
        var written = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(
                () -> slowPoll.await("order:o-1", Duration.ofMinutes(2), () -> written.get() ? "reserved" : null));
        TimeUnit.MILLISECONDS.sleep(300);

        written.set(true);
        slowPoll.written("order:o-2"); // another document's signal wakes nobody waiting for this one
        assertThat(waiting).isNotDone();
        slowPoll.written("order:o-1");

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("reserved");
    }
}
