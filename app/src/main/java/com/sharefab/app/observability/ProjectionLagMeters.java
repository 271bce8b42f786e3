package com.sharefab.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
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
 * {@code sharefab.projection.lag.time} in milliseconds: the age of the oldest event the group has not reached yet
 * (now minus the append time of the event right after its lowest token position; 0 while it is caught up). Both
 * describe the segments this node holds: a node that holds none of a group's segments reports NaN for it, and the node
 * that holds them reports the figure.
 *
 * <p>Not "now minus the last event the group handled": a group that handles few kinds of events (firm views) would
 * then show minutes of lag while it keeps up with every event that is appended, only because none of them was its.
 */
final class ProjectionLagMeters implements ConfigurerModule {

    /** One head lookup serves every gauge of a scrape. */
    private static final Duration HEAD_CACHE = Duration.ofMillis(500);

    private final MeterRegistry registry;
    private final ProcessedEvents processed;
    private final Clock clock = Clock.systemUTC();
    private volatile long headPosition = -1;
    private volatile long headReadAt = Long.MIN_VALUE;

    private final LongSupplier headOfLog;
    private final LongFunction<Optional<Instant>> appendedAt;

    /**
     * @param headOfLog the global index of the last stored event, 0 while the store is empty
     * @param appendedAt when the event at a global index was appended (empty for a gap or past the head)
     */
    ProjectionLagMeters(MeterRegistry registry, ProcessedEvents processed, LongSupplier headOfLog,
            LongFunction<Optional<Instant>> appendedAt) {
        this.registry = registry;
        this.processed = processed;
        this.headOfLog = headOfLog;
        this.appendedAt = appendedAt;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.onInitialize(config -> config.onStart(Phase.INBOUND_EVENT_CONNECTORS, () -> register(config)));
    }

    void register(Configuration config) {
        config.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("sharefab.projection.lag.events", () -> lagInEvents(streaming))
                        .description("Events between the head of the log and the processing group's position")
                        .tag("processing_group", name)
                        .register(registry);
                Gauge.builder("sharefab.projection.lag.time", () -> lagInMillis(streaming, name))
                        .description("Age of the oldest event the processing group has not reached, 0 when caught up")
                        .baseUnit("milliseconds")
                        .tag("processing_group", name)
                        .register(registry);
            }
        });
    }

    private double lagInEvents(StreamingEventProcessor processor) {
        OptionalLong position = lowestPosition(processor);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, head() - position.getAsLong());
    }

    private double lagInMillis(StreamingEventProcessor processor, String name) {
        double events = lagInEvents(processor);
        if (Double.isNaN(events) || events == 0) {
            return events;
        }
        return lagInMillis(lowestPosition(processor).orElseThrow(), appendedAt, processed.lastHandled(name),
                clock.instant());
    }

    /**
     * For a group behind the head whose lowest token is at {@code position}: the age of the event after it, or, when
     * no event is stored at that index (a gap), of the last event the group handled, the best bound left.
     */
    static double lagInMillis(long position, LongFunction<Optional<Instant>> appendedAt, Optional<Instant> lastHandled,
            Instant now) {
        return appendedAt.apply(position + 1)
                .or(() -> lastHandled)
                .map(at -> (double) Math.max(0, now.toEpochMilli() - at.toEpochMilli()))
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
            // no token yet: before the first event (global indexes start at 1), so every stored event is ahead
            long position = token == null ? 0 : token.position().orElse(0);
            lowest = Math.min(lowest, position);
        }
        return OptionalLong.of(lowest);
    }

    private long head() {
        long now = System.nanoTime();
        if (headPosition < 0 || now - headReadAt > HEAD_CACHE.toNanos()) {
            headPosition = headOfLog.getAsLong();
            headReadAt = now;
        }
        return headPosition;
    }
}
