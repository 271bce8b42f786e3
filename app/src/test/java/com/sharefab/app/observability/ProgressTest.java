package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void progress_showsDoneOfTotalRateAndTimeLeft_onTheConsoleAndAsGauges() throws Exception {
        var registry = new SimpleMeterRegistry();
        var progress = Progress.start(registry, "demo-seed", 10, Duration.ofHours(1));
        progress.advance(4);
        Thread.sleep(20);

        assertThat(registry.get("sharefab.progress.done").tag("task", "demo-seed").gauge().value()).isEqualTo(4);
        assertThat(registry.get("sharefab.progress.expected").tag("task", "demo-seed").gauge().value()).isEqualTo(10);
        assertThat(registry.get("sharefab.progress.rate").tag("task", "demo-seed").gauge().value()).isPositive();
        assertThat(registry.get("sharefab.progress.remaining").tag("task", "demo-seed").gauge().value()).isPositive();
        assertThat(progress.line()).startsWith("demo-seed: 4/10 (40.0 %), ").contains("/s, ").endsWith(" s left");

        progress.advance(6);
        progress.finish();
        assertThat(progress.remaining()).isZero();
        assertThat(registry.get("sharefab.progress.done").tag("task", "demo-seed").gauge().value()).isEqualTo(10);
        assertThat(registry.get("sharefab.progress.remaining").tag("task", "demo-seed").gauge().value()).isZero();
    }
}
