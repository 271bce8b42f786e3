package com.sharefab.command.payment;

/** Why a payment call failed (besides the common codes). */
public enum PaymentErrorCode {
    /**
     * The provider cannot be reached now (down, slow, overloaded, or the circuit breaker is open). Retriable: the
     * same request later completes; nothing moved.
     */
    PAYMENT_PROVIDER_UNAVAILABLE,
    /** The provider refused the request (4xx other than 429); retrying the same request will not help. */
    PAYMENT_PROVIDER_REFUSED,
    /**
     * The order's capacity is reserved (it shows PAYMENT_DUE) but its settlement is not open yet: the opening failed
     * and the booking saga is retrying it (at most a minute apart). Retriable: the same request later goes through;
     * nothing moved.
     */
    PAYMENT_NOT_READY
}
