package com.sharefab.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Money;
import com.sharefab.sandbox.Faults;
import com.sharefab.sandbox.SandboxProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP adapter with Resilience4j against the sandbox provider and its faults. */
class HttpPaymentProviderIT {

    private SandboxProvider sandbox;
    private HttpPaymentProvider provider;

    @BeforeEach
    void start() {
        sandbox = SandboxProvider.startOnFreePort("s3cret");
        var settings = PaymentProviderSettings.defaults(sandbox.url(), "s3cret")
                .withCallTimeout(Duration.ofMillis(500))
                .withBreakerOpenFor(Duration.ofMillis(500));
        provider = new HttpPaymentProvider(settings);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Faults dropNext(int n) {
        return new Faults(0, 0, 503, 0, 0, 0, n, false, false);
    }

    private static Faults failNext(int n, int status, int retryAfterSeconds) {
        return new Faults(0, n, status, retryAfterSeconds, 0, 0, 0, false, false);
    }

    private static Faults down() {
        return new Faults(0, 0, 503, 0, 0, 0, 0, true, false);
    }

    @Test
    void payout_responseLost_retryUnderTheSameKeyPaysOnce() {
        sandbox.faults(dropNext(1));

        String first = provider.payout("o-1:release:payout", "factory", Money.cny(97_000));
        String again = provider.payout("o-1:release:payout", "factory", Money.cny(97_000));

        assertThat(again).isEqualTo(first);
        assertThat(sandbox.records()).filteredOn(r -> r.type().equals("PAYOUT")).hasSize(1);
        assertThat(sandbox.executions()).isEqualTo(1);
    }

    @Test
    void payout_timedOut_retryUnderTheSameKeyPaysOnce() {
        sandbox.faults(new Faults(0, 0, 503, 0, 1, 1_500, 0, false, false));

        provider.payout("o-2:release:payout", "factory", Money.cny(1));

        assertThat(sandbox.records()).hasSize(1);
    }

    @Test
    void createPayment_429WithRetryAfter_waitsThatLongThenSucceeds() {
        sandbox.faults(failNext(1, 429, 1));
        long started = System.nanoTime();

        var payment = provider.createPayment("stl.o-3:payment", Money.cny(100), "http://127.0.0.1:1/hook");

        assertThat(payment.providerPaymentId()).isNotBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void createPayment_keyUsedWithAnotherAmount_is409AndNotRetried() {
        provider.createPayment("stl.o-4:payment", Money.cny(100), "http://127.0.0.1:1/hook");

        assertThatThrownBy(() -> provider.createPayment("stl.o-4:payment", Money.cny(101), "http://127.0.0.1:1/hook"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                        .isEqualTo("PAYMENT_PROVIDER_REFUSED"));
        assertThat(sandbox.executions()).isEqualTo(1);
    }

    @Test
    void providerDown_breakerOpens_callsFailFastAsUnavailable_thenRecover() throws InterruptedException {
        sandbox.faults(down());

        assertThatThrownBy(() -> provider.payout("p-1", "factory", Money.cny(1)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                        .isEqualTo("PAYMENT_PROVIDER_UNAVAILABLE"));
        assertThat(provider.calls().breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(sandbox.records()).as("nothing moved").isEmpty();

        sandbox.faults(Faults.none());
        assertThatThrownBy(() -> provider.payout("p-1", "factory", Money.cny(1)))
                .as("still open: fails at once without calling")
                .hasMessageContaining("circuit breaker is open");
        Thread.sleep(600);

        provider.payout("p-1", "factory", Money.cny(1));
        assertThat(provider.calls().breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(sandbox.records()).hasSize(1);
    }
}
