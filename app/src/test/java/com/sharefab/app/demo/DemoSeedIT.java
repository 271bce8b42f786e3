package com.sharefab.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** In the dev profile, {@code sharefab.demo.seed=true} seeds firms, listings and orders and shows its progress. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.demo.seed=true",
            "management.defaults.metrics.export.enabled=true"
        })
@ActiveProfiles("dev")
class DemoSeedIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Test
    void demoSeed_inTheDevProfile_placesOrdersThroughTheCommandsAndReportsProgressInMetrics() throws Exception {
        var http = HttpClient.newHttpClient();
        var scrape = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!scrape.contains("sharefab_progress_done{application=\"sharefab\",task=\"demo-seed\"} 15.0")) {
            assertThat(System.nanoTime()).as("demo seeding done within 60 s; last scrape:\n" + scrape).isLessThan(deadline);
            Thread.sleep(200);
            scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(scrape).contains("sharefab_progress_expected{application=\"sharefab\",task=\"demo-seed\"} 15.0");
        assertThat(scrape).containsPattern("sharefab_progress_rate\\{[^}]*task=\"demo-seed\"} [0-9]");
        assertThat(scrape).containsPattern("sharefab_progress_remaining_seconds\\{[^}]*task=\"demo-seed\"} 0.0");

        // 3 factories + 3 buyers + 3 listings + 6 orders, all accepted; the orders reach the read model
        assertThat(database.getCollection("firm_views").countDocuments(Filters.regex("_id", "^demo-"))).isEqualTo(6);
        assertThat(database.getCollection("listing_views").countDocuments(Filters.regex("_id", "^demo-listing-")))
                .isEqualTo(3);
        long orderDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (database.getCollection("order_views").countDocuments(Filters.regex("_id", "^demo-order-")) < 6) {
            assertThat(System.nanoTime()).as("6 demo orders in the read model").isLessThan(orderDeadline);
            Thread.sleep(100);
        }
    }
}
