package com.sharefab.app.observability;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The timestamp of the last event each processing group handled on this node, for the lag in milliseconds. */
final class ProcessedEvents {

    private final Map<String, Instant> lastTimestamp = new ConcurrentHashMap<>();

    void handled(String processingGroup, Instant eventTimestamp) {
        lastTimestamp.merge(processingGroup, eventTimestamp, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> lastHandled(String processingGroup) {
        return Optional.ofNullable(lastTimestamp.get(processingGroup));
    }
}
