package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.day;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.order;
import static com.sharefab.app.order.OrderItData.placeAndAwaitOutcome;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static com.sharefab.app.order.OrderItData.reservedOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.SharefabApplication;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The payment deadline on the running app, with JobRunr behind Axon's deadline manager: an unpaid order is cancelled
 * by the platform when it passes and its capacity released — also when the app was restarted in between.
 */
class OrderDeadlineIT {

    /** The deadline, JobRunr's poll (5 s at least) and the booking process's work after it. */
    private static final Duration FIRING = Duration.ofSeconds(40);

    @TempDir
    Path dataDir;

    @Test
    void paymentDeadline_passesUnpaid_orderCancelledByThePlatformAndCapacityReleased() throws Exception {
        try (var app = start("3s")) {
            int port = port(app);
            var factory = registerFirm(port, "FACTORY");
            var buyer = GraphQlClients.as(port, registerFirm(port, "BUYER"));
            var listingId = publishListing(port, factory, 100);
            var orderId = anOrderId();
            assertThat(placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 40)).status()).isEqualTo("PAYMENT_DUE");

            var cancelled = eventually(FIRING, () -> order(buyer, orderId), o -> o.status().equals("CANCELLED"),
                    "order cancelled at its payment deadline");

            assertThat(cancelled.endReason()).isEqualTo("PAYMENT_TIMEOUT");
            // Then, once its settlement closed without money, SETTLED may follow.
            var cancelling = cancelled.timeline().get(2);
            assertThat(cancelling.what()).isEqualTo("CANCELLED");
            assertThat(cancelling.actorRole()).isEqualTo("SYSTEM");
            eventually(FIRING, () -> reservedOn(port, listingId, day(1)), units -> units == 0, "capacity released");
        }
    }

    @Test
    void paymentDeadline_pendingAcrossARestart_firesAfterIt() throws Exception {
        String orderId = anOrderId();
        String listingId;
        org.springframework.graphql.test.tester.HttpGraphQlTester buyer;
        com.sharefab.events.Actor buyerActor;
        try (var app = start("8s")) {
            int port = port(app);
            var factory = registerFirm(port, "FACTORY");
            buyerActor = registerFirm(port, "BUYER");
            buyer = GraphQlClients.as(port, buyerActor);
            listingId = publishListing(port, factory, 100);
            assertThat(placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 40)).status()).isEqualTo("PAYMENT_DUE");
        } // stopped with the deadline pending

        try (var app = start("8s")) {
            int port = port(app);
            var again = GraphQlClients.as(port, buyerActor);

            var cancelled = eventually(FIRING, () -> order(again, orderId), o -> o.status().equals("CANCELLED"),
                    "order cancelled at its payment deadline after the restart");

            assertThat(cancelled.endReason()).isEqualTo("PAYMENT_TIMEOUT");
            // SETTLED follows once the settlement closed without money, perhaps already.
            assertThat(cancelled.steps()).startsWith("PLACED", "CAPACITY_RESERVED", "CANCELLED")
                    .isSubsetOf("PLACED", "CAPACITY_RESERVED", "CANCELLED", "SETTLED");
            // The compensation needs the booking process's state (the listing) read back from the saga store.
            eventually(FIRING, () -> reservedOn(port, listingId, day(1)), units -> units == 0, "capacity released");
        }
    }

    private ConfigurableApplicationContext start(String payDeadline) {
        return new SpringApplicationBuilder(SharefabApplication.class)
                .run("--server.port=0", "--sharefab.data-dir=" + dataDir, "--sharefab.mongodb.embedded=disk",
                        "--sharefab.order.deadlines.pay=" + payDeadline,
                        "--jobrunr.background-job-server.poll-interval-in-seconds=5");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
