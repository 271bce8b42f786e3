package com.sharefab.command.payment;

import java.time.Duration;

/** The provider answered with an error status. */
class ProviderCallException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    ProviderCallException(int status, Duration retryAfter, String body) {
        super("provider answered " + status + ": " + body);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** The provider's {@code Retry-After}, or {@code null}. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** 5xx and 429 may succeed later; other 4xx (409 above all: the key was used otherwise) never will. */
    boolean retriable() {
        return status >= 500 || status == 429 || status == 408;
    }
}
