package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
}
