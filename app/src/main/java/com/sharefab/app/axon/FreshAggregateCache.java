package com.sharefab.app.axon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.modelling.command.RepositoryProvider;

/**
 * The aggregate cache of one aggregate type for Axon's {@code CachingEventSourcingRepository}: at most
 * {@code capacity} aggregates, least recently used out first, that is never stale when a command decides on it.
 *
 * <p>Several nodes append to one event store, so an aggregate cached here may have been changed by another node since.
 * A write on stale state is caught by the store (its stream keys are unique) and retried on fresh state; but a command
 * that decides "no" without appending (a domain exception) or "nothing to do" (an idempotent no-op) would be answered
 * from the stale aggregate. So {@link #get} asks the store first whether it holds an event after the cached version,
 * one point lookup on the stream-key index; if it does, the entry is dropped and the repository loads the aggregate
 * afresh. Axon's repository evicts an aggregate whose unit of work rolls back, so a failed command leaves nothing
 * half-applied here. (docs/adr/0013-aggregate-cache.md)
 */
final class FreshAggregateCache implements Cache {

    /** The store's answer to "is there an event of this aggregate after that sequence number?". */
    @FunctionalInterface
    interface Freshness {
        boolean hasEventAfter(String aggregateIdentifier, long sequenceNumber);
    }

    private final Freshness store;
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    FreshAggregateCache(int capacity, Freshness store) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.store = store;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() > capacity) {
                    listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * The cached aggregate if the store holds no newer event of it; otherwise nothing (and the entry is dropped). The
     * probe runs outside the cache's lock, so one slow round trip does not hold up other aggregates; the repository
     * holds the aggregate's own lock meanwhile.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (this) {
            value = entries.get(key);
        }
        if (value == null) {
            return null;
        }
        Long version = cachedVersion(value);
        if (version == null || store.hasEventAfter(key.toString(), version)) {
            boolean removed;
            synchronized (this) {
                removed = entries.remove(key, value);
            }
            if (removed) {
                listeners.forEach(listener -> listener.onEntryRemoved(key));
            }
            return null;
        }
        listeners.forEach(listener -> listener.onEntryRead(key, value));
        return (V) value;
    }

    /**
     * The version (last sequence number) of a cached aggregate. An entry kept in memory holds the live aggregate, which
     * {@code recreateAggregate} hands back as it is, without using its arguments; anything else (an entry that went
     * through serialization, never the case here) counts as unknown, i.e. a miss.
     */
    static Long cachedVersion(Object value) {
        if (!(value instanceof AggregateCacheEntry<?> entry)) {
            return null;
        }
        try {
            var aggregate = entry.recreateAggregate(null, null, (RepositoryProvider) null, null);
            return aggregate == null ? null : aggregate.version();
        } catch (RuntimeException notInMemory) {
            return null;
        }
    }

    @Override
    public void put(Object key, Object value) {
        Object previous;
        synchronized (this) {
            previous = entries.put(key, value);
        }
        if (previous == null) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added;
        synchronized (this) {
            added = entries.putIfAbsent(key, value) == null;
        }
        if (added) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (this) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (this) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        synchronized (this) {
            entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
        }
    }

    /** How many aggregates are cached (for tests and metrics). */
    synchronized int size() {
        return entries.size();
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
