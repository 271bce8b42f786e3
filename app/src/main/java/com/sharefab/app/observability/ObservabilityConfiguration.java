package com.sharefab.app.observability;

import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import com.sharefab.query.metrics.ReadModelGauge;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import com.sharefab.app.axon.AxonConfiguration;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics, traces and log context for the whole app (ADR 9): Axon's message metrics and spans on Boot's Micrometer
 * registry and OpenTelemetry SDK, the request id and Axon's correlation id in the log context of every handler, and
 * our own meters (projection lag, rejected reservations, read-model gauges).
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    ObservabilityConfiguration() {
        // Carries these MDC keys to the threads that run GraphQL data fetchers (context-propagation snapshots).
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(LogContext.REQUEST_ID, LogContext.CORRELATION_ID));
    }

    /** axon-micrometer on Boot's registry: message counts, timers, capacity and latency per bus and processor. */
    @Bean
    ConfigurerModule axonMetrics(MeterRegistry registry) {
        return new MetricsConfigurerModule(new GlobalMetricRegistry(registry), true);
    }

    /**
     * Axon's spans on Boot's OpenTelemetry SDK (the one Micrometer Tracing bridges to), so a command's and a
     * projection's spans are children of the GraphQL request's. The trace context travels in message metadata
     * ({@code traceparent}), stored with each event.
     */
    @Bean
    SpanFactory axonSpanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("AxonFramework-OpenTelemetry"))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }

    @Bean
    ProcessedEvents processedEvents(MeterRegistry registry) {
        return new ProcessedEvents(registry, java.time.Clock.systemUTC());
    }

    /** Log context on every command and event handler; every processor notes the last event it handled. */
    @Bean
    ConfigurerModule messageLogContext(ProcessedEvents processed) {
        return configurer -> {
            configurer.eventProcessing(processing -> processing.registerDefaultHandlerInterceptor(
                    (config, processingGroup) -> new LogContextInterceptor<>(processingGroup, processed)));
            configurer.onInitialize(config -> config.onStart(
                    () -> config.commandBus().registerHandlerInterceptor(new LogContextInterceptor<>(null, processed))));
        };
    }

    @Bean
    ConfigurerModule projectionLagMeters(
            MeterRegistry registry, ProcessedEvents processed, MongoCommitEventStorageEngine eventStorage) {
        return new ProjectionLagMeters(registry, processed, eventStorage::headPosition, eventStorage::timestampAt);
    }

    /**
     * The counter's processor starts at the head of the log on a fresh store: a counter counts what happens while
     * the app runs, not history (and {@code @DisallowReplay} keeps a reset from counting twice).
     */
    @Bean
    ConfigurerModule reservationRejectionProcessor(
            @Value("${" + AxonConfiguration.TOKEN_CLAIM_INTERVAL_PROPERTY + ":1s}") Duration claimInterval) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessorConfiguration(
                ReservationRejections.PROCESSING_GROUP,
                config -> AxonConfiguration.trackingDefaults(claimInterval)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }

    @Bean
    ReadModelGauges readModelGauges(ObjectProvider<ReadModelGauge> gauges) {
        return new ReadModelGauges(gauges.orderedStream().toList());
    }
}
