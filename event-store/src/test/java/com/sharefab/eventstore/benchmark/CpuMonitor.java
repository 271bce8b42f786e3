package com.sharefab.eventstore.benchmark;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how much CPU <em>other</em> processes (and the hypervisor, as steal time) took while a phase ran: the
 * machine has 2 cores and is shared (other builds run on it), and a concurrent process easily halves an in-process
 * client/server benchmark. Busy time of the whole machine from {@code /proc/stat} minus this JVM's CPU time.
 */
final class CpuMonitor {

    /** Linux reports {@code /proc/stat} in USER_HZ ticks, which is 100 per second on every mainstream kernel. */
    private static final double NANOS_PER_TICK = 1e9 / 100;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    record Sample(long wallNanos, long machineBusyTicks, long ownCpuNanos) {
    }

    private CpuMonitor() {
    }

    static Sample sample() {
        return new Sample(System.nanoTime(), machineBusyTicks(), OS.getProcessCpuTime());
    }

    /** Average number of cores used by other processes (and steal) between the two samples; NaN if unknown. */
    static double otherCores(Sample from, Sample to) {
        if (from.machineBusyTicks() < 0 || to.machineBusyTicks() < 0) {
            return Double.NaN;
        }
        double wall = to.wallNanos() - from.wallNanos();
        if (wall <= 0) {
            return Double.NaN;
        }
        double machine = (to.machineBusyTicks() - from.machineBusyTicks()) * NANOS_PER_TICK;
        double own = to.ownCpuNanos() - from.ownCpuNanos();
        return Math.max(0, (machine - own) / wall);
    }

    /**
     * Waits (at most {@code maxWaitMillis}) until other processes have used less than {@code threshold} cores over a
     * one-second window; returns the milliseconds waited.
     */
    static long awaitQuiet(double threshold, long maxWaitMillis) {
        long start = System.nanoTime();
        while (true) {
            Sample before = sample();
            sleep(1_000);
            double other = otherCores(before, sample());
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (Double.isNaN(other) || other < threshold || waited >= maxWaitMillis) {
                return waited;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** user + nice + system + irq + softirq + steal of the first ("cpu") line of /proc/stat; -1 if unreadable. */
    private static long machineBusyTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long busy = 0;
            int[] busyColumns = {1, 2, 3, 6, 7, 8}; // user nice system [idle iowait] irq softirq steal
            for (int column : busyColumns) {
                if (column < fields.length) {
                    busy += Long.parseLong(fields[column]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
