package com.sharefab.eventstore.benchmark;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What both Axon storage engines are measured with: only the public {@link EventStorageEngine} API, as Axon's
 * {@code EmbeddedEventStore} and {@code EventSourcingRepository} call it.
 */
abstract class EngineTarget implements Target {

    private final EventStorageEngine engine;
    private List<DomainEventMessage<?>> prepared = List.of();

    EngineTarget(EventStorageEngine engine) {
        this.engine = engine;
    }

    EventStorageEngine engine() {
        return engine;
    }

    @Override
    public void seedSnapshots(BenchmarkData data, int[] aggregates) {
        for (int aggregate : aggregates) {
            engine.storeSnapshot(data.snapshot(aggregate));
        }
    }

    /** The aggregate's whole stream, every payload deserialized (an aggregate applies every event). */
    @Override
    public int load(BenchmarkData data, int aggregate) {
        return consume(engine.readEvents(data.aggregateId(aggregate), 0L));
    }

    /** As Axon's event store does it: the snapshot, then the events after it. */
    @Override
    public int loadFromSnapshot(BenchmarkData data, int aggregate) {
        String aggregateId = data.aggregateId(aggregate);
        Optional<DomainEventMessage<?>> snapshot = engine.readSnapshot(aggregateId);
        DomainEventMessage<?> found = snapshot.orElseThrow(() -> new IllegalStateException("no snapshot"));
        if (found.getPayload() == null) {
            throw new IllegalStateException("empty snapshot");
        }
        return 1 + consume(engine.readEvents(aggregateId, found.getSequenceNumber() + 1));
    }

    private static int consume(DomainEventStream stream) {
        int count = 0;
        while (stream.hasNext()) {
            if (stream.next().getPayload() == null) {
                throw new IllegalStateException("null payload");
            }
            count++;
        }
        return count;
    }

    @Override
    public Measurement.Stats replay(BenchmarkData data, Duration box, boolean deserializePayloads) {
        long start = System.nanoTime();
        long deadline = start + box.toNanos();
        long count = 0;
        boolean timeBoxed = false;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                if (event.trackingToken() == null || event.getIdentifier() == null) {
                    throw new IllegalStateException("incomplete event");
                }
                if (deserializePayloads && event.getPayload() == null) {
                    throw new IllegalStateException("null payload");
                }
                count++;
                if ((count & 127) == 0 && System.nanoTime() > deadline) {
                    timeBoxed = true;
                    break;
                }
            }
        }
        return Measurement.Stats.throughput(count, (System.nanoTime() - start) / 1e9, timeBoxed);
    }

    @Override
    public void prepareAppends(List<DomainEventMessage<?>> events, long firstGlobalIndex) {
        prepared = events;
    }

    /** One single-event commit, as a command handler's unit of work produces it. */
    @Override
    public void append(int i) {
        engine.appendEvents(List.of(prepared.get(i)));
    }

    @Override
    public void drop() {
        prepared = List.of();
    }
}
