package com.sharefab.query.graphql;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

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
 */
@Component
public class ReadModelUpdates {

    static final Duration FIRST_POLL = Duration.ofMillis(25);
    static final Duration MAX_POLL = Duration.ofMillis(200);

    private final Map<String, Set<Thread>> waiters = new ConcurrentHashMap<>();
    private final long firstPollNanos;
    private final long maxPollNanos;

    public ReadModelUpdates() {
        this(FIRST_POLL, MAX_POLL);
    }

    ReadModelUpdates(Duration firstPoll, Duration maxPoll) {
        this.firstPollNanos = firstPoll.toNanos();
        this.maxPollNanos = maxPoll.toNanos();
    }

    /** Called by a projection after it wrote the document with this key (e.g. {@code firm:<id>}). */
    public void written(String key) {
        var threads = waiters.get(key);
        if (threads != null) {
            threads.forEach(LockSupport::unpark);
        }
    }

    /**
     * Reads with {@code read} until it answers non-null or {@code timeout} passes; null if it never did.
     */
    public <T> T await(String key, Duration timeout, Supplier<T> read) {
        T value = read.get();
        if (value != null) {
            return value;
        }
        var threads = waiters.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>());
        threads.add(Thread.currentThread());
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long pause = firstPollNanos;
            while ((value = read.get()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, Math.min(left, pause));
                pause = Math.min(pause * 2, maxPollNanos);
            }
            return value;
        } finally {
            threads.remove(Thread.currentThread());
            waiters.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
        }
    }
}
