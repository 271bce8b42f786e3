package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A clock the test moves: nanoseconds, as System.nanoTime(). */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void elapse(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    /** {@code perSecond} steps each second for {@code seconds} seconds, a step at a time. */
    private void run(Progress progress, int perSecond, int seconds) {
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < perSecond; i++) {
                elapse(Duration.ofSeconds(1).dividedBy(perSecond));
                progress.step();
            }
        }
    }

    @Test
    void rateAndTimeLeft_areWhatTheTaskDoesNow_notSinceItStarted() {
        var registry = new SimpleMeterRegistry();
        var progress = Progress.start(registry, "load-benchmark-lag", 1_000, Duration.ofHours(1), now::get);
        elapse(Duration.ofSeconds(90)); // warming up: nothing counted yet

        run(progress, 20, 30);

        // Since the start it would be 600 in 120 s, 5/s and 80 s left; the task does 20/s and needs 20 s more.
        assertThat(progress.ratePerSecond()).isCloseTo(20, within(0.5));
        assertThat(progress.remaining()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(21));
        assertThat(registry.get("sharefab.progress.rate").tag("task", "load-benchmark-lag").gauge().value())
                .isCloseTo(20, within(0.5));
        assertThat(progress.line()).matches("load-benchmark-lag: 600/1000 \\(60\\.0 %\\), 20\\.0/s, (19|20) s left");
    }

    @Test
    void aTaskThatSlowsDown_showsItsNewRateWithinTheWindow() {
        var progress = Progress.start(null, "replay:order-views", 10_000, Duration.ofHours(1), now::get);
        run(progress, 100, 30);

        run(progress, 10, 15); // bigger streams: a tenth of the pace

        assertThat(progress.ratePerSecond()).isCloseTo(10, within(1.0));
        assertThat(progress.remaining()).isBetween(Duration.ofSeconds(650), Duration.ofSeconds(720));
    }

    @Test
    void aStalledTask_showsNoRate_andTheLongestTimeLeft() {
        var progress = Progress.start(null, "replay:order-views", 1_000, Duration.ofHours(1), now::get);
        run(progress, 50, 10);

        elapse(Duration.ofSeconds(5));
        assertThat(progress.ratePerSecond()).isPositive(); // the window still holds the last steps
        elapse(Duration.ofSeconds(20));

        assertThat(progress.ratePerSecond()).isZero();
        assertThat(progress.remaining()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void finished_theRateIsOverTheWholeTask() {
        var progress = Progress.start(null, "demo-seed", 300, Duration.ofHours(1), now::get);
        elapse(Duration.ofSeconds(10));
        run(progress, 30, 10);

        progress.finish();

        assertThat(progress.ratePerSecond()).isCloseTo(15, within(0.01)); // 300 in 20 s
        assertThat(progress.remaining()).isZero();
    }
}
