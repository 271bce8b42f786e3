package com.sharefab.eventstore.benchmark;

import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Duration;
import java.util.List;

/** One store under test, on its own database; every operation returns the number of events it saw (checked). */
interface Target {

    String name();

    /** Stores the {@code data.n} events of the log; returns a short description of how. */
    String seed(BenchmarkData data);

    void seedSnapshots(BenchmarkData data, int[] aggregates);

    /** Loads all events of an aggregate (no snapshot). */
    int load(BenchmarkData data, int aggregate);

    /** Loads an aggregate from its snapshot plus the events after it. */
    int loadFromSnapshot(BenchmarkData data, int aggregate);

    /** The next {@code batchSize} events after the event with global index {@code afterGlobalIndex}. */
    int fetchAfter(BenchmarkData data, long afterGlobalIndex, int batchSize);

    /**
     * Reads the whole log from the start, stopping at {@code box}.
     *
     * @param deserializePayloads also deserialize every payload to its Java object (ignored by the raw driver)
     */
    Measurement.Stats replay(BenchmarkData data, Duration box, boolean deserializePayloads);

    /** Called before the append phase with the events to append (and their global indexes from {@code firstIndex}). */
    void prepareAppends(List<DomainEventMessage<?>> events, long firstGlobalIndex);

    /** Appends prepared event {@code i} as a single-event commit. */
    void append(int i);

    /** Average BSON size of one stored event document (sampled). */
    int sampleDocumentBytes(BenchmarkData data);

    void drop();
}
