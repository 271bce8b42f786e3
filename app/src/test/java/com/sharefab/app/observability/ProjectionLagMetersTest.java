package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

/** The lag in time of a group behind the head: the age of the oldest event it has not reached. */
class ProjectionLagMetersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aGroupThatHandledItsLastEventLongAgo_isOnlyAsFarBehindAsTheNextEventItHasNotReached() {
        var appended = Map.of(101L, NOW.minusMillis(40), 102L, NOW.minusMillis(10));

        double lag = ProjectionLagMeters.lagInMillis(100, index -> Optional.ofNullable(appended.get(index)),
                Optional.of(NOW.minusSeconds(600)), NOW);

        assertThat(lag).as("firm views handled a firm ten minutes ago, but are only one event behind").isEqualTo(40);
    }

    @Test
    void aGapAfterThePosition_fallsBackToTheLastHandledEvent() {
        double lag = ProjectionLagMeters.lagInMillis(100, index -> Optional.empty(), Optional.of(NOW.minusMillis(250)),
                NOW);

        assertThat(lag).isEqualTo(250);
    }

    @Test
    void nothingKnown_isNotANumber() {
        assertThat(ProjectionLagMeters.lagInMillis(100, index -> Optional.empty(), Optional.empty(), NOW)).isNaN();
    }

    @Test
    void aFreshPlatformWithNoEventYet_isCaughtUp_notAnErrorOnEveryScrape() {
        // An empty store has no head token (null, head position 0): the first scrape of a fresh install used to fail
        // in the gauge.
        var registry = metersOfAGroupWithNoToken("order-views", 0, index -> Optional.empty());

        assertThat(registry.get("sharefab.projection.lag.events").tag("processing_group", "order-views").gauge()
                .value()).isZero();
        assertThat(registry.get("sharefab.projection.lag.time").tag("processing_group", "order-views").gauge()
                .value()).isZero();
    }

    @Test
    void aGroupThatHasNotStarted_isBehindByEveryStoredEvent_andAsOldAsTheFirst() {
        // five events stored (global 1..5), the group has no token yet
        var firstAppended = Instant.now().minusSeconds(60);

        var registry = metersOfAGroupWithNoToken("ledger", 5,
                index -> index == 1 ? Optional.of(firstAppended) : Optional.empty());

        assertThat(registry.get("sharefab.projection.lag.events").tag("processing_group", "ledger").gauge()
                .value()).as("five events, not six").isEqualTo(5);
        assertThat(registry.get("sharefab.projection.lag.time").tag("processing_group", "ledger").gauge()
                .value()).isGreaterThanOrEqualTo(60_000);
    }

    /** The meters of one processing group on one segment that has no token yet, with the log's head at {@code head}. */
    private static SimpleMeterRegistry metersOfAGroupWithNoToken(String group, long head,
            java.util.function.LongFunction<Optional<Instant>> appendedAt) {
        var config = mock(Configuration.class, RETURNS_DEEP_STUBS);
        var processor = mock(StreamingEventProcessor.class);
        var segment = mock(EventTrackerStatus.class);
        when(segment.getTrackingToken()).thenReturn(null);
        when(processor.processingStatus()).thenReturn(Map.of(0, segment));
        when(config.eventProcessingConfiguration().eventProcessors()).thenReturn(Map.of(group, processor));
        var registry = new SimpleMeterRegistry();
        new ProjectionLagMeters(registry, new ProcessedEvents(), () -> head, appendedAt).register(config);
        return registry;
    }
}
