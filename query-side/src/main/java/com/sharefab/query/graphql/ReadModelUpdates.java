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
 */
@Component
public class ReadModelUpdates {

    private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

    private final Map<String, Set<Thread>> waiters = new ConcurrentHashMap<>();

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
            while ((value = read.get()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, Math.min(left, POLL_NANOS));
            }
            return value;
        } finally {
            threads.remove(Thread.currentThread());
            waiters.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
        }
    }
}
