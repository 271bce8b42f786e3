package com.sharefab.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long task you can watch: done of total, rate and time left, logged on the console at most every
 * {@code logEvery} (and at the end), and as gauges {@code sharefab.progress.done}, {@code sharefab.progress.expected} (the total),
 * {@code sharefab.progress.rate} (per second) and {@code sharefab.progress.remaining} (seconds), tagged
 * {@code task} (Prometheus: {@code sharefab_progress_done{task="demo-seed"}} ...). Thread-safe.
 *
 * <p>The rate, and the time left it gives, are those of the last {@link #WINDOW} or so, not since the start: a replay
 * that slows down as it reaches bigger streams, a benchmark phase that warmed up before it counted, or a task that
 * stalled shows what it does now (a stalled task's rate falls to zero and its time left to the one-day cap).
 *
 * <p>The gauges stay registered after {@link #finish()} (a scrape then shows the last figures: done = total, rate
 * over the whole task, 0 s left); a new task of the same name takes the series over.
 */
public final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    /** The rate is measured over about this long (its samples are at least a second apart). */
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final long WINDOW_NANOS = WINDOW.toNanos();
    private static final long SAMPLE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int SAMPLES = (int) (WINDOW.toNanos() / SAMPLE_EVERY_NANOS) + 1;

    private final String task;
    private final AtomicLong total;
    private final AtomicLong done = new AtomicLong();
    private final LongSupplier clock;
    private final long startedNanos;
    private final long logEveryNanos;
    private final AtomicLong lastLoggedNanos;
    private volatile long finishedNanos;
    /** (time, done) samples, a ring of the last {@link #SAMPLES}, at least a second apart; guarded by {@code this}. */
    private final long[] sampledAt = new long[SAMPLES];
    private final long[] sampledDone = new long[SAMPLES];
    private int newestSample;
    private int sampleCount;
    private volatile long newestSampleAt;

    private Progress(String task, long total, Duration logEvery, LongSupplier clock) {
        this.task = task;
        this.total = new AtomicLong(total);
        this.logEveryNanos = logEvery.toNanos();
        this.clock = clock;
        this.startedNanos = clock.getAsLong();
        this.lastLoggedNanos = new AtomicLong(startedNanos);
        sampledAt[0] = startedNanos;
        newestSampleAt = startedNanos;
        sampleCount = 1;
    }

    /**
     * Starts watching {@code task} with {@code total} steps; gauges in {@code registry} (may be {@code null}: console
     * only).
     */
    public static Progress start(MeterRegistry registry, String task, long total, Duration logEvery) {
        return start(registry, task, total, logEvery, System::nanoTime);
    }

    /** As above, timed by {@code clock} (nanoseconds, as {@link System#nanoTime()}). */
    static Progress start(MeterRegistry registry, String task, long total, Duration logEvery, LongSupplier clock) {
        var progress = new Progress(task, total, logEvery, clock);
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
                .description("Steps per second of a long task, over its last 10 s or so")
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
        long nowDone = done.addAndGet(steps);
        long now = clock.getAsLong();
        sample(now, nowDone);
        long last = lastLoggedNanos.get();
        if (now - last >= logEveryNanos && lastLoggedNanos.compareAndSet(last, now)) {
            log.info("{}", line());
        }
    }

    /** Changes the total (a task that learns its size as it goes). */
    public void total(long newTotal) {
        total.set(newTotal);
    }

    /** Raises the total to {@code atLeast} if it is below (a task that finds more to do than it expected). */
    public void totalAtLeast(long atLeast) {
        total.accumulateAndGet(atLeast, Math::max);
    }

    /** The task is over: logs the final line. */
    public void finish() {
        finishedNanos = clock.getAsLong();
        log.info("{} (finished)", line());
    }

    public long done() {
        return done.get();
    }

    public long total() {
        return total.get();
    }

    /** Steps per second over the last {@link #WINDOW} or so; over the whole task once finished. */
    public double ratePerSecond() {
        long doneNow = done.get();
        if (finishedNanos != 0) {
            return doneNow / Math.max(1e-9, (finishedNanos - startedNanos) / 1e9);
        }
        long now = clock.getAsLong();
        sample(now, doneNow);
        long since;
        long doneThen;
        synchronized (this) {
            // The newest sample at least a window old; the oldest kept if none is that old yet.
            int from = (newestSample - sampleCount + 1 + SAMPLES) % SAMPLES;
            for (int k = 0; k < sampleCount; k++) {
                int i = (newestSample - k + SAMPLES) % SAMPLES;
                if (now - sampledAt[i] >= WINDOW_NANOS) {
                    from = i;
                    break;
                }
            }
            since = sampledAt[from];
            doneThen = sampledDone[from];
        }
        return Math.max(0, doneNow - doneThen) / Math.max(1e-9, (now - since) / 1e9);
    }

    /** Keeps (now, done) as the newest sample if the newest is a second old; the oldest drops out of a full ring. */
    private void sample(long now, long doneNow) {
        if (now - newestSampleAt < SAMPLE_EVERY_NANOS) {
            return; // the common case, without the lock
        }
        synchronized (this) {
            if (now - sampledAt[newestSample] < SAMPLE_EVERY_NANOS) {
                return;
            }
            newestSample = (newestSample + 1) % SAMPLES;
            sampledAt[newestSample] = now;
            sampledDone[newestSample] = doneNow;
            newestSampleAt = now;
            sampleCount = Math.min(SAMPLES, sampleCount + 1);
        }
    }

    /** Time left at the recent rate; zero once done, a day at most while nothing is done yet. */
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
