package com.sharefab.app.firm;

import java.util.concurrent.atomic.AtomicLong;

/** Fresh, valid Unified Social Credit Codes for tests that register many firms. */
public final class UsccTestCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final AtomicLong counter = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private UsccTestCodes() {}

    /** A valid code not handed out before in this JVM. */
    public static String next() {
        var body = "913702" + String.format("%011d", counter.incrementAndGet());
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(body.charAt(i)) * WEIGHTS[i];
        }
        return body + ALPHABET.charAt((31 - sum % 31) % 31);
    }
}
