package com.sharefab.app.axon;

import com.sharefab.query.graphql.ReadModelUpdates;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether this node projects an aggregate's events now: its processing group's processor holds, on this node, the
 * segment the aggregate's events fall in (by their sequence identifier, the aggregate id, as Axon's own split does).
 * A segment in error still counts: its events are retried here, and no other node may claim it meanwhile.
 *
 * <p>Read-your-writes asks this to skip polling the store for writes that only this node can make
 * ({@link ReadModelUpdates}). The answer can be stale by the time the write happens (a claim lost a moment later);
 * the waiter asks again at each pause, so at worst it polls one pause late.
 */
@Component
class ClaimedSegments implements ReadModelUpdates.Locality {

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Map<String, StreamingEventProcessor> processors = new ConcurrentHashMap<>();

    ClaimedSegments(ObjectProvider<EventProcessingConfiguration> processing) {
        this.processing = processing; // looked up when first asked: the processors are built after the read models
    }

    @Override
    public boolean projectedHere(String processingGroup, String aggregateId) {
        var processor = processors.get(processingGroup);
        if (processor == null) {
            var found = processing.getObject().eventProcessor(processingGroup, StreamingEventProcessor.class);
            if (found.isEmpty()) {
                return false;
            }
            processor = found.get();
            processors.put(processingGroup, processor);
        }
        for (EventTrackerStatus claimed : processor.processingStatus().values()) {
            if (claimed.getSegment().matches(aggregateId)) {
                return true;
            }
        }
        return false;
    }
}
