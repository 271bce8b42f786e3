package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The projection delay per processing group: live events counted in their bucket, replayed ones not at all. */
class ProcessedEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProcessedEvents processed = new ProcessedEvents(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aLiveEvent_recordsItsDelayFromAppendToHandled_inItsGroupsHistogram() {
        processed.handled("order-views", NOW.minusMillis(30), false);
        processed.handled("order-views", NOW.minusMillis(3_000), false);

        var timer = registry.get(ProcessedEvents.DELAY_METER).tag("processing_group", "order-views").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
        var buckets = timer.takeSnapshot().histogramCounts();
        assertThat(buckets).filteredOn(b -> b.bucket(TimeUnit.MILLISECONDS) == 20).singleElement()
                .satisfies(b -> assertThat(b.count()).as("events within 20 ms").isZero());
        assertThat(buckets).filteredOn(b -> b.bucket(TimeUnit.MILLISECONDS) == 50).singleElement()
                .satisfies(b -> assertThat(b.count()).as("events within 50 ms").isEqualTo(1));
        assertThat(buckets).filteredOn(b -> b.bucket(TimeUnit.MILLISECONDS) == 5_000).singleElement()
                .satisfies(b -> assertThat(b.count()).as("events within 5 s").isEqualTo(2));
        assertThat(processed.lastHandled("order-views")).contains(NOW.minusMillis(30));
    }

    @Test
    void aReplayedEvent_movesTheLastHandledTimestamp_butIsNoDelay() {
        processed.handled("listing-views", NOW.minusSeconds(86_400), true);

        assertThat(registry.find(ProcessedEvents.DELAY_METER).timers()).isEmpty();
        assertThat(processed.lastHandled("listing-views")).contains(NOW.minusSeconds(86_400));
    }

    @Test
    void anEventStampedAfterTheClock_countsAsNoDelay() {
        processed.handled("firm-views", NOW.plusMillis(5), false);

        var timer = registry.get(ProcessedEvents.DELAY_METER).tag("processing_group", "firm-views").timer();
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isZero();
    }
}
