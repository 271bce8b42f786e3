package com.sharefab.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long task you can watch: done of total, rate and time left, logged on the console at most every
 * {@code logEvery} (and at the end), and as gauges {@code sharefab.progress.done}, {@code sharefab.progress.expected} (the total),
 * {@code sharefab.progress.rate} (per second) and {@code sharefab.progress.remaining} (seconds), tagged
 * {@code task} (Prometheus: {@code sharefab_progress_done{task="demo-seed"}} ...). Thread-safe.
 *
 * <p>The gauges stay registered after {@link #finish()} (a scrape then shows the last figures: done = total, rate
 * over the whole task, 0 s left); a new task of the same name takes the series over.
 */
public final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final AtomicLong total;
    private final AtomicLong done = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private final long logEveryNanos;
    private final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime());
    private volatile long finishedNanos;

    private Progress(String task, long total, Duration logEvery) {
        this.task = task;
        this.total = new AtomicLong(total);
        this.logEveryNanos = logEvery.toNanos();
    }

    /**
     * Starts watching {@code task} with {@code total} steps; gauges in {@code registry} (may be {@code null}: console
     * only).
     */
    public static Progress start(MeterRegistry registry, String task, long total, Duration logEvery) {
        var progress = new Progress(task, total, logEvery);
        if (registry != null) {
            progress.register(registry);
        }
        log.info("{}: started, {} to do", task, total);
        return progress;
    }

    private void register(MeterRegistry registry) {
        // strongReference: the registry must keep this object alive, a gauge otherwise holds it weakly.
        Gauge.builder("sharefab.progress.done", this, p -> p.done.get())
                .description("Steps of a long task done (demo seeding, benchmark phases)")
                .tag("task", task).strongReference(true).register(registry);
        // Not "sharefab.progress.total": Prometheus keeps the _total suffix for counters and drops it from a gauge.
        Gauge.builder("sharefab.progress.expected", this, p -> p.total.get())
                .description("Steps of a long task in all")
                .tag("task", task).strongReference(true).register(registry);
        Gauge.builder("sharefab.progress.rate", this, Progress::ratePerSecond)
                .description("Steps per second of a long task, since it started")
                .tag("task", task).strongReference(true).register(registry);
        Gauge.builder("sharefab.progress.remaining", this, p -> p.remaining().toMillis() / 1000.0)
                .description("Seconds a long task still needs at its rate so far")
                .tag("task", task).strongReference(true).baseUnit("seconds").register(registry);
    }

    /** One more step done. */
    public void step() {
        advance(1);
    }

    /** {@code steps} more done; logs a line when the last one is older than the log interval. */
    public void advance(long steps) {
        done.addAndGet(steps);
        long now = System.nanoTime();
        long last = lastLoggedNanos.get();
        if (now - last >= logEveryNanos && lastLoggedNanos.compareAndSet(last, now)) {
            log.info("{}", line());
        }
    }

    /** Changes the total (a task that learns its size as it goes). */
    public void total(long newTotal) {
        total.set(newTotal);
    }

    /** The task is over: logs the final line. */
    public void finish() {
        finishedNanos = System.nanoTime();
        log.info("{} (finished)", line());
    }

    public long done() {
        return done.get();
    }

    public long total() {
        return total.get();
    }

    /** Steps per second since the start (up to the finish, once finished). */
    public double ratePerSecond() {
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        double seconds = Math.max(1e-9, (end - startedNanos) / 1e9);
        return done.get() / seconds;
    }

    /** Time left at the rate so far; zero once done, a day at most while nothing is done yet. */
    public Duration remaining() {
        long left = Math.max(0, total.get() - done.get());
        if (left == 0 || finishedNanos != 0) {
            return Duration.ZERO;
        }
        double rate = ratePerSecond();
        if (rate <= 0) {
            return Duration.ofDays(1);
        }
        return Duration.ofMillis(Math.min(Duration.ofDays(1).toMillis(), (long) (left / rate * 1000)));
    }

    /** "task: 120/500 (24.0 %), 35.2/s, 10 s left". */
    public String line() {
        long d = done.get();
        long t = total.get();
        double percent = t == 0 ? 100 : 100.0 * d / t;
        return String.format(Locale.ROOT, "%s: %d/%d (%.1f %%), %.1f/s, %d s left",
                task, d, t, percent, ratePerSecond(), remaining().toSeconds());
    }
}
