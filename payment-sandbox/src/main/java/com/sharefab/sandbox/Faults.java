package com.sharefab.sandbox;

/**
 * What the sandbox is told to do wrong, for the next API calls (payments, refunds, payouts; never the admin or
 * records endpoints). Counters count down per call; {@code down} holds until cleared.
 *
 * @param latencyMillis          added to every API call
 * @param failNext               the next n calls answer {@code failStatus} without executing
 * @param failStatus             500, 503, 429...
 * @param retryAfterSeconds      sent as {@code Retry-After} with the failures (0: none)
 * @param timeoutNext            the next n calls execute, then answer only after {@code timeoutMillis}
 * @param timeoutMillis          how long a "timed out" call hangs
 * @param dropResponseNext       the next n calls execute, then close the connection without answering
 * @param down                   every call answers 503 without executing
 * @param duplicateNotifications every payment notification is sent twice
 */
public record Faults(
        long latencyMillis,
        int failNext,
        int failStatus,
        int retryAfterSeconds,
        int timeoutNext,
        long timeoutMillis,
        int dropResponseNext,
        boolean down,
        boolean duplicateNotifications) {

    /** Everything works. */
    public static Faults none() {
        return new Faults(0, 0, 503, 0, 0, 10_000, 0, false, false);
    }
}
