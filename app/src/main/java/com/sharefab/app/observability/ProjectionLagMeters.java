package com.sharefab.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.lifecycle.Phase;

/**
 * How far each processing group is behind the head of the event log, as two gauges per group:
 * {@code sharefab.projection.lag.events} (head global index minus the group's lowest token position) and
 * {@code sharefab.projection.lag.time} in milliseconds (now minus the timestamp of the last event the group
 * handled; 0 while it is caught up). Both describe the segments this node holds: a node that holds none of a
 * group's segments reports NaN for it, and the node that holds them reports the figure.
 */
final class ProjectionLagMeters implements ConfigurerModule {

    /** One head lookup serves every gauge of a scrape. */
    private static final Duration HEAD_CACHE = Duration.ofMillis(500);

    private final MeterRegistry registry;
    private final ProcessedEvents processed;
    private final Clock clock = Clock.systemUTC();
    private volatile long headPosition = -1;
    private volatile long headReadAt = Long.MIN_VALUE;

    ProjectionLagMeters(MeterRegistry registry, ProcessedEvents processed) {
        this.registry = registry;
        this.processed = processed;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS, () -> register(config)));
    }

    private void register(Configuration config) {
        config.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("sharefab.projection.lag.events", () -> lagInEvents(config, streaming))
                        .description("Events between the head of the log and the processing group's position")
                        .tag("processing_group", name)
                        .register(registry);
                Gauge.builder("sharefab.projection.lag.time", () -> lagInMillis(config, streaming, name))
                        .description("Now minus the timestamp of the last event the group handled, 0 when caught up")
                        .baseUnit("milliseconds")
                        .tag("processing_group", name)
                        .register(registry);
            }
        });
    }

    private double lagInEvents(Configuration config, StreamingEventProcessor processor) {
        OptionalLong position = lowestPosition(processor);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, head(config) - position.getAsLong());
    }

    private double lagInMillis(Configuration config, StreamingEventProcessor processor, String name) {
        double events = lagInEvents(config, processor);
        if (Double.isNaN(events) || events == 0) {
            return events;
        }
        return processed.lastHandled(name)
                .map(last -> (double) Math.max(0, clock.millis() - last.toEpochMilli()))
                .orElse(Double.NaN);
    }

    private static OptionalLong lowestPosition(StreamingEventProcessor processor) {
        var status = processor.processingStatus();
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            long position = token == null ? -1 : token.position().orElse(-1);
            lowest = Math.min(lowest, position);
        }
        return OptionalLong.of(lowest);
    }

    private long head(Configuration config) {
        long now = System.nanoTime();
        if (headPosition < 0 || now - headReadAt > HEAD_CACHE.toNanos()) {
            headPosition = config.eventStore().createHeadToken().position().orElse(-1);
            headReadAt = now;
        }
        return headPosition;
    }
}
