package com.sharefab.app.payment;

import com.sharefab.command.payment.PaymentProviderSettings;
import com.sharefab.sandbox.SandboxProvider;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The payment provider. With {@code PAYMENT_PROVIDER_URL} set (property {@code sharefab.payment.provider-url}) the
 * app talks to that provider; without it (the embedded default) it starts the sandbox provider in-process on a free
 * port, signing with {@code sharefab.payment.secret}, and stops it with the context.
 */
@Configuration(proxyBeanMethods = false)
class PaymentProviderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PaymentProviderConfiguration.class);

    /** The in-process sandbox, if the app started one. */
    public record EmbeddedSandbox(SandboxProvider sandbox) implements AutoCloseable {

        /** The sandbox's base URL, or {@code null} when a real provider is configured. */
        public String url() {
            return sandbox == null ? null : sandbox.url();
        }

        @Override
        public void close() {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedSandbox embeddedSandbox(
            @Value("${sharefab.payment.provider-url:}") String providerUrl,
            @Value("${sharefab.payment.secret:" + SandboxProvider.DEFAULT_SECRET + "}") String secret) {
        if (!providerUrl.isBlank()) {
            return new EmbeddedSandbox(null);
        }
        var sandbox = SandboxProvider.startOnFreePort(secret);
        log.info("No payment provider configured: sandbox provider started at {}", sandbox.url());
        return new EmbeddedSandbox(sandbox);
    }

    @Bean
    PaymentProviderSettings paymentProviderSettings(
            EmbeddedSandbox embedded,
            @Value("${sharefab.payment.provider-url:}") String providerUrl,
            @Value("${sharefab.payment.secret:" + SandboxProvider.DEFAULT_SECRET + "}") String secret,
            @Value("${sharefab.payment.notify-url:}") String notifyUrl,
            @Value("${sharefab.payment.call-timeout:2s}") Duration callTimeout,
            @Value("${sharefab.payment.breaker-open-for:10s}") Duration breakerOpenFor) {
        String url = providerUrl.isBlank() ? embedded.url() : providerUrl;
        var defaults = PaymentProviderSettings.defaults(url, secret)
                .withCallTimeout(callTimeout)
                .withBreakerOpenFor(breakerOpenFor);
        return new PaymentProviderSettings(
                defaults.baseUrl(),
                defaults.secret(),
                notifyUrl.isBlank() ? null : notifyUrl,
                defaults.callTimeout(),
                defaults.maxAttempts(),
                defaults.initialBackoff(),
                defaults.maxRetryAfter(),
                defaults.breakerWindow(),
                defaults.breakerMinimumCalls(),
                defaults.breakerOpenFor(),
                defaults.maxConcurrentCalls());
    }
}
