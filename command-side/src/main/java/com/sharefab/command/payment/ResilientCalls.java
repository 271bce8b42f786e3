package com.sharefab.command.payment;

import com.sharefab.command.axon.DomainException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Resilience4j around every provider call, and only there: per attempt a time limit; a bulkhead on concurrent
 * calls; a circuit breaker, configured explicitly so that it opens after a few failed calls (count-based window) and
 * then fails calls at once until it lets one through; retries with exponential backoff and jitter, or the
 * provider's {@code Retry-After}. Retries resend the same request under the same idempotency key (the caller's
 * supplier builds it once). Only failures that may pass are retried or counted by the breaker: 5xx, 429, timeouts,
 * I/O errors; a 409 or other 4xx is final.
 */
final class ResilientCalls {

    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;

    ResilientCalls(PaymentProviderSettings settings) {
        var backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5);
        long maxRetryAfter = settings.maxRetryAfter().toMillis();
        this.retry = Retry.of("payment-provider", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(ResilientCalls::retriable)
                .intervalBiFunction((attempt, outcome) -> {
                    if (outcome.isLeft() && cause(outcome.getLeft()) instanceof ProviderCallException failed
                            && failed.retryAfter() != null) {
                        return Math.min(failed.retryAfter().toMillis(), maxRetryAfter);
                    }
                    return backoff.apply(attempt);
                })
                .build());
        this.breaker = CircuitBreaker.of("payment-provider", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(ResilientCalls::retriable)
                .build());
        this.bulkhead = Bulkhead.of("payment-provider", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofMillis(200))
                .build());
        this.timeLimiter = TimeLimiter.of("payment-provider", TimeLimiterConfig.custom()
                .timeoutDuration(settings.callTimeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** The breaker's state, for tests and health. */
    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Runs {@code attempt} (one HTTP call per invocation) with all of the above. */
    <T> T call(String operation, Supplier<CompletableFuture<T>> attempt) {
        Callable<T> limited = () -> timeLimiter.executeFutureSupplier(attempt);
        Callable<T> guarded = Bulkhead.decorateCallable(bulkhead, CircuitBreaker.decorateCallable(breaker, limited));
        try {
            return Retry.decorateCallable(retry, guarded).call();
        } catch (Exception e) {
            Throwable cause = cause(e);
            if (cause instanceof CallNotPermittedException) {
                throw unavailable(operation + ": the payment provider is failing; its circuit breaker is open", e);
            }
            if (cause instanceof ProviderCallException failed && !failed.retriable()) {
                throw new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_REFUSED, operation + ": " + failed.getMessage());
            }
            throw unavailable(operation + ": the payment provider did not answer in time (" + cause + ")", e);
        }
    }

    private static DomainException unavailable(String message, Throwable cause) {
        var exception = new DomainException(PaymentErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, message + "; retry later");
        exception.initCause(cause);
        return exception;
    }

    /** Whether a failure may pass: worth a retry, and counted by the breaker. */
    static boolean retriable(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof ProviderCallException failed) {
            return failed.retriable();
        }
        return cause instanceof TimeoutException || cause instanceof IOException;
    }

    /** The first cause that is not a wrapper (CompletionException, ExecutionException...). */
    static Throwable cause(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                        || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Whether a failure is a breaker rejection or a full bulkhead (never sent). */
    static boolean rejectedLocally(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof CallNotPermittedException || cause instanceof BulkheadFullException;
    }
}
