package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** A client's W3C traceparent is followed through GraphQL, the command handler and the projection: one trace. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "management.tracing.export.enabled=true",
            "management.opentelemetry.tracing.export.schedule-delay=50ms",
            "management.tracing.sampling.probability=0.0" // only the client's sampled traceparent makes spans
        })
class ObservabilityTracingIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void publishListing_withClientTraceparent_graphQlCommandAndProjectionSpansShareTheClientsTrace() throws Exception {
        var factory = ObservabilityTestData.aFirmActingAs(port, "FACTORY");
        var traced = factory.mutate().header("traceparent", TRACEPARENT).build();

        ObservabilityTestData.publishListing(traced);

        var graphQl = awaitSpan(span -> span.getName().startsWith("graphql") && span.getName().contains("mutation"));
        var command = awaitSpan(span -> span.getName().contains("handleCommand")
                && span.getName().contains("PublishListingCommand"));
        var projection = awaitSpan(span -> span.getName().startsWith("ListingProjection.on"));
        assertThat(List.of(graphQl, command, projection)).extracting(SpanData::getTraceId).containsOnly(TRACE_ID);
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var found = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(TRACE_ID))
                    .filter(wanted)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such span in the client's trace; the trace has " + spans.getFinishedSpanItems().stream()
                .map(span -> span.getTraceId().equals(TRACE_ID) ? span.getName() : "(other trace) " + span.getName())
                .toList());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemorySpans {

        /** Boot's tracing hands every finished span to each SpanExporter bean. */
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }
}
