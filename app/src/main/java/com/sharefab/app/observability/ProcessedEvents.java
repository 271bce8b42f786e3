package com.sharefab.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each processing group handled on this node: the timestamp of its last event (for the lag gauge in
 * milliseconds), and, for every live event, the projection delay {@value #DELAY_METER}: from the event's timestamp
 * (when its command appended it) to the moment the group's handler finished with it, so the read model shows it. The
 * delay is a histogram with fixed buckets per group ({@code sharefab_projection_delay_seconds_bucket} at
 * {@code /actuator/prometheus}), so an operator reads its percentiles over any window and across nodes. Events
 * handled again in a replay are not counted: their delay is the replay's, not the platform's.
 */
final class ProcessedEvents {

    static final String DELAY_METER = "sharefab.projection.delay";

    /** Bucket bounds of the delay: fine where the targets are (tens of milliseconds), coarse beyond. */
    static final Duration[] DELAY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(30), Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100),
        Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1)
    };

    private final Map<String, Instant> lastTimestamp = new ConcurrentHashMap<>();
    private final Map<String, Timer> delays = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    ProcessedEvents(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Without metrics (tests of the log context). */
    ProcessedEvents() {
        this(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    void handled(String processingGroup, Instant eventTimestamp, boolean replayed) {
        lastTimestamp.merge(processingGroup, eventTimestamp, (a, b) -> a.isAfter(b) ? a : b);
        if (!replayed) {
            Duration delay = Duration.between(eventTimestamp, clock.instant());
            delays.computeIfAbsent(processingGroup, this::delayTimer).record(delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    Optional<Instant> lastHandled(String processingGroup) {
        return Optional.ofNullable(lastTimestamp.get(processingGroup));
    }

    private Timer delayTimer(String processingGroup) {
        return Timer.builder(DELAY_METER)
                .description("From an event's append to its processing group's handler finishing with it (live events)")
                .tag("processing_group", processingGroup)
                .serviceLevelObjectives(DELAY_BUCKETS)
                .register(registry);
    }
}
