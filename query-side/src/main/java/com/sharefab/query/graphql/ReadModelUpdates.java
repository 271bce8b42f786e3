package com.sharefab.query.graphql;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Lets a mutation answer with what the read model shows after its own event was projected
 * (read-your-writes): projections signal the documents they wrote; a waiter wakes on that signal, and polls
 * now and then for documents projected on another node, whose signals never reach this one.
 *
 * <p>The poll backs off: 25 ms after the wait starts, then twice as long each time, at most {@link #MAX_POLL} apart.
 * A write on this node wakes its waiters at once whatever the pause; a write on another node is seen at most
 * {@code MAX_POLL} late once a wait has gone on for a while. A fixed 25 ms poll made every {@code placeOrder} waiting
 * on the booking saga read its order up to 80 times: at 20 orders a second that was 1,400 of the embedded store's
 * 2,500 reads a second (docs/benchmarks.md, session 7).
 *
 * <p>No poll at all while the document's projection runs on this node for its aggregate ({@link Locality}, asked at
 * each pause): then only this node writes it, and its signal is all the waiter needs. That is every wait on a single
 * node, and on two nodes the waits whose segment this node holds. Should the segment move to another node during a
 * wait, the next pause finds it elsewhere and polls again.
 */
@Component
public class ReadModelUpdates {

    static final Duration FIRST_POLL = Duration.ofMillis(25);
    static final Duration MAX_POLL = Duration.ofMillis(200);

    /**
     * Whether the events of one aggregate are, right now, projected on this node by a processing group (the app
     * answers from its event processors' claimed segments). When unsure, answer false: the waiter then polls.
     */
    @FunctionalInterface
    public interface Locality {
        Locality NOWHERE = (processingGroup, aggregateId) -> false;

        boolean projectedHere(String processingGroup, String aggregateId);
    }

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final long firstPollNanos;
    private final long maxPollNanos;
    private final Supplier<Locality> locality;

    /** Polls for every wait: for tests and tools with no event processors of their own. */
    public ReadModelUpdates() {
        this(FIRST_POLL, MAX_POLL, Locality.NOWHERE);
    }

    /** The app's: asks its {@link Locality}, looked up at the first wait (it depends on the processors, which depend on this). */
    @Autowired
    public ReadModelUpdates(ObjectProvider<Locality> locality) {
        this(FIRST_POLL, MAX_POLL, SingletonSupplier.of(() -> locality.getIfAvailable(() -> Locality.NOWHERE)));
    }

    ReadModelUpdates(Duration firstPoll, Duration maxPoll, Locality locality) {
        this(firstPoll, maxPoll, () -> locality);
    }

    private ReadModelUpdates(Duration firstPoll, Duration maxPoll, Supplier<Locality> locality) {
        this.firstPollNanos = firstPoll.toNanos();
        this.maxPollNanos = maxPoll.toNanos();
        this.locality = locality;
    }

    /** One waiting thread, and whether a signal came since it last read. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean signalled;
    }

    /** Called by {@code processingGroup}'s projection after it wrote the document of {@code aggregateId}. */
    public void written(String processingGroup, String aggregateId) {
        var waiting = waiters.get(key(processingGroup, aggregateId));
        if (waiting != null) {
            for (Waiter waiter : waiting) {
                waiter.signalled = true;
                LockSupport.unpark(waiter.thread);
            }
        }
    }

    /**
     * Reads with {@code read} until it answers non-null or {@code timeout} passes; null if it never did. The document
     * is {@code processingGroup}'s, for the aggregate {@code aggregateId}.
     */
    public <T> T await(String processingGroup, String aggregateId, Duration timeout, Supplier<T> read) {
        T value = read.get();
        if (value != null) {
            return value;
        }
        String key = key(processingGroup, aggregateId);
        var waiter = new Waiter();
        var waiting = waiters.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>());
        waiting.add(waiter);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long pause = firstPollNanos;
            boolean readNow = true; // once after joining the waiters: a signal sent before then reached nobody
            while (true) {
                if (readNow) {
                    waiter.signalled = false; // before the read: a signal after it is for a newer write
                    if ((value = read.get()) != null) {
                        return value;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, Math.min(left, pause));
                pause = Math.min(pause * 2, maxPollNanos);
                readNow = waiter.signalled || !locality.get().projectedHere(processingGroup, aggregateId);
            }
        } finally {
            waiting.remove(waiter);
            waiters.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
        }
    }

    private static String key(String processingGroup, String aggregateId) {
        return processingGroup + '\u0000' + aggregateId;
    }
}
