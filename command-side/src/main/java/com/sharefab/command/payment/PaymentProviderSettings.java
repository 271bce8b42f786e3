package com.sharefab.command.payment;

import java.time.Duration;

/**
 * Where the provider is and how patiently the adapter talks to it.
 *
 * @param baseUrl                the provider's base URL
 * @param secret                 the HMAC-SHA256 secret its notifications are signed with
 * @param notifyUrl              the app's notification URL the provider calls; {@code null}: this app's own
 *                               {@code /payments/notifications} on its local port
 * @param callTimeout            one attempt's time limit
 * @param maxAttempts            attempts per operation (the first and its retries)
 * @param initialBackoff         the first retry's wait; doubles each time, ±50 % jitter
 * @param maxRetryAfter          the longest {@code Retry-After} honoured
 * @param breakerWindow          calls the circuit breaker looks back on
 * @param breakerMinimumCalls    calls before it may open
 * @param breakerOpenFor         how long it stays open before letting one call through
 * @param maxConcurrentCalls     the bulkhead
 */
public record PaymentProviderSettings(
        String baseUrl,
        String secret,
        String notifyUrl,
        Duration callTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxRetryAfter,
        int breakerWindow,
        int breakerMinimumCalls,
        Duration breakerOpenFor,
        int maxConcurrentCalls) {

    /** The defaults: 2 s per attempt, 4 attempts from 100 ms, a breaker that opens after 3 of 4 calls failed. */
    public static PaymentProviderSettings defaults(String baseUrl, String secret) {
        return new PaymentProviderSettings(
                baseUrl,
                secret,
                null,
                Duration.ofSeconds(2),
                4,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                4,
                3,
                Duration.ofSeconds(10),
                16);
    }

    /** These settings with another breaker open time. */
    public PaymentProviderSettings withBreakerOpenFor(Duration openFor) {
        return new PaymentProviderSettings(baseUrl, secret, notifyUrl, callTimeout, maxAttempts, initialBackoff,
                maxRetryAfter, breakerWindow, breakerMinimumCalls, openFor, maxConcurrentCalls);
    }

    /** These settings with another time limit per attempt. */
    public PaymentProviderSettings withCallTimeout(Duration timeout) {
        return new PaymentProviderSettings(baseUrl, secret, notifyUrl, timeout, maxAttempts, initialBackoff,
                maxRetryAfter, breakerWindow, breakerMinimumCalls, breakerOpenFor, maxConcurrentCalls);
    }
}
