package com.sharefab.eventstore.benchmark;

import java.util.Arrays;

/** Timing records: per-operation latencies collected over one or more blocks, and the figures derived from them. */
final class Measurement {

    /** The outcome of one measured phase of one target. */
    record Stats(long operations, long items, double seconds, double p50Micros, double p99Micros, double meanMicros,
                 boolean timeBoxed, int warmupOperations, double otherCores, int attempts, double cpuMicros) {

        /** The number of the attempt this was measured in (phases are repeated when the machine was busy). */
        Stats withAttempt(int attempt) {
            return new Stats(operations, items, seconds, p50Micros, p99Micros, meanMicros, timeBoxed,
                             warmupOperations, otherCores, attempt, cpuMicros);
        }

        double opsPerSecond() {
            return seconds == 0 ? 0 : operations / seconds;
        }

        double itemsPerSecond() {
            return seconds == 0 ? 0 : items / seconds;
        }

        /** This JVM's CPU time (client, embedded server, GC, JIT) per operation, or per event for a replay, µs. */
        double cpuMicrosPerItem() {
            return items == 0 ? Double.NaN : cpuMicros / items;
        }

        /** A throughput measurement without CPU accounting (see {@link #between}). */
        static Stats throughput(long items, double seconds, boolean timeBoxed) {
            return throughput(items, seconds, timeBoxed, null, null);
        }

        /** This throughput measurement with the CPU accounting of the interval it ran in. */
        Stats between(CpuMonitor.Sample from, CpuMonitor.Sample to) {
            return throughput(items, seconds, timeBoxed, from, to);
        }

        /** A throughput measurement (replay, seeding): items in seconds. */
        static Stats throughput(long items, double seconds, boolean timeBoxed, CpuMonitor.Sample from,
                                CpuMonitor.Sample to) {
            return new Stats(1, items, seconds, Double.NaN, Double.NaN, Double.NaN, timeBoxed, 0,
                             from == null ? Double.NaN : CpuMonitor.otherCores(from, to), 1,
                             from == null ? Double.NaN : (to.ownCpuNanos() - from.ownCpuNanos()) / 1e3);
        }
    }

    /**
     * Latencies of one target's operations, measured in blocks (interleaved with another target's blocks so that both
     * see the same machine conditions), plus the wall time, own CPU time and other processes' CPU time of the blocks.
     */
    static final class Accumulator {

        private final long[] latencies;
        private int done;
        private long elapsedNanos;
        private double cpuNanos;
        private double otherCoreNanos;
        private boolean timeBoxed;
        private int warmupOperations;

        Accumulator(int capacity) {
            this.latencies = new long[capacity];
        }

        int done() {
            return done;
        }

        boolean full() {
            return done >= latencies.length || timeBoxed;
        }

        long elapsedNanos() {
            return elapsedNanos;
        }

        void record(long nanos) {
            latencies[done++] = nanos;
        }

        void timeBoxed() {
            timeBoxed = true;
        }

        void warmedUp(int operations) {
            warmupOperations = operations;
        }

        void block(CpuMonitor.Sample from, CpuMonitor.Sample to) {
            long wall = to.wallNanos() - from.wallNanos();
            elapsedNanos += wall;
            cpuNanos += to.ownCpuNanos() - from.ownCpuNanos();
            double other = CpuMonitor.otherCores(from, to);
            otherCoreNanos += Double.isNaN(other) ? 0 : other * wall;
        }

        Stats stats() {
            long[] sorted = Arrays.copyOf(latencies, done);
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1e3;
            double seconds = elapsedNanos / 1e9;
            return new Stats(done, done, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), mean, timeBoxed,
                             warmupOperations, elapsedNanos == 0 ? Double.NaN : otherCoreNanos / elapsedNanos, 1,
                             cpuNanos / 1e3);
        }
    }

    private Measurement() {
    }

    private static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e3;
    }
}
