package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Prometheus scrape holds Axon's, GraphQL's and our own meters, and the probes answer. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "management.defaults.metrics.export.enabled=true"
        })
class ObservabilityMetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void scrape_afterARejectedReservation_holdsAxonGraphQlRejectionAndLagMeters() throws Exception {
        var factory = ObservabilityTestData.aFirmActingAs(port, "FACTORY");
        var buyer = ObservabilityTestData.aFirmActingAs(port, "BUYER");
        var listingId = ObservabilityTestData.publishListing(factory);

        assertThat(ObservabilityTestData.reserveTooMuch(buyer, listingId)).isEqualTo("NO_CAPACITY");

        String scrape = awaitScrape("sharefab_reservations_rejected_total\\{[^}]*reason=\"NO_CAPACITY\"[^}]*} [1-9]");
        // Axon (axon-micrometer, dimensional): commands counted and timed, processors' latency per processing group
        assertThat(scrape).containsPattern("commandBus_successCounter_total\\{[^}]*payloadType=\"ReserveCapacityCommand\"");
        assertThat(scrape).containsPattern("commandBus_successTimer_seconds_count\\{[^}]*payloadType=\"ReserveCapacityCommand\"");
        assertThat(scrape).containsPattern("eventProcessor_latency\\{[^}]*processorName=\"listing-views\"");
        // Spring for GraphQL's observations
        assertThat(scrape).containsPattern("graphql_request_seconds_count\\{[^}]*graphql_operation_type=\"mutation\"");
        assertThat(scrape).containsPattern("graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"reserveCapacity\"");
        // our own: projection lag per processing group, in events and in milliseconds
        assertThat(scrape).containsPattern("sharefab_projection_lag_events\\{[^}]*processing_group=\"listing-views\"[^}]*} \\d");
        assertThat(scrape).containsPattern("sharefab_projection_lag_time_milliseconds\\{[^}]*processing_group=\"listing-views\"");
        // and the delay of every live event, append to read model, as a histogram per group
        assertThat(scrape).containsPattern(
                "sharefab_projection_delay_seconds_bucket\\{(?=[^}]*le=\"0\\.05\")(?=[^}]*processing_group=\"listing-views\")[^}]*} \\d");
        assertThat(scrape).containsPattern(
                "sharefab_projection_delay_seconds_count\\{[^}]*processing_group=\"listing-views\"[^}]*} [1-9]");
        // a read model's gauge through the ReadModelGauge hook
        assertThat(scrape).containsPattern("sharefab_listings_by_status\\{[^}]*status=\"ACTIVE\"[^}]*} [1-9]");
        // what the platform asks of its store, per command and collection (the driver's listener)
        assertThat(scrape).containsPattern(
                "mongodb_driver_commands_seconds_count\\{(?=[^}]*collection=\"listing_views\")(?=[^}]*command=\"update\")[^}]*} [1-9]");
    }

    @Test
    void globalRegistry_reachesTheScrape_forTheBookingSagasCounters() {
        // The booking saga counts owed commands through Metrics.globalRegistry (it has no registry injected).
        assertThat(Metrics.globalRegistry.getRegistries()).contains(registry);
    }

    @Test
    void probes_liveAndReady_answerUp() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("\"UP\"");
        var readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
    }

    /** Scrapes until the pattern shows (the counter's processor runs behind the mutation), or fails after 10 s. */
    private String awaitScrape(String pattern) throws Exception {
        var compiled = Pattern.compile(pattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String scrape;
        do {
            var response = get("/actuator/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            scrape = response.body();
            if (compiled.matcher(scrape).find()) {
                return scrape;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(scrape).as("scrape").containsPattern(pattern);
        return scrape;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
