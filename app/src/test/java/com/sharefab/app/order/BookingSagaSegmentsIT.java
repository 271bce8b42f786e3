package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.day;
import static com.sharefab.app.order.OrderItData.placeAndAwaitOutcome;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The booking saga runs on several segments (one thread each) so that orders learn their reservation outcome in
 * parallel: many buyers reaching for the last units of one listing at once still never get more than it has, every
 * order hears its outcome, and this node runs the saga on all its segments.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory", "sharefab.axon.booking-saga-segments=4"})
class BookingSagaSegmentsIT {

    private static final int BUYERS = 4;
    private static final int ORDERS_PER_BUYER = 5;
    private static final long UNITS_PER_ORDER = 5;
    private static final long DAILY_CAPACITY = 10; // days 1 to 5 of the placement window: 50 units, 10 orders

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void concurrentOrders_onOneListing_areReservedInParallel_withoutOverbooking() throws Exception {
        var saga = processing.eventProcessor("booking-saga", TrackingEventProcessor.class).orElseThrow();
        assertThat(saga.maxCapacity()).as("threads of the booking saga on this node").isEqualTo(4);

        var factory = registerFirm(port, "FACTORY");
        var listingId = publishListing(port, factory, DAILY_CAPACITY);
        var buyers = new ArrayList<HttpGraphQlTester>();
        for (int b = 0; b < BUYERS; b++) {
            buyers.add(GraphQlClients.as(port, registerFirm(port, "BUYER")));
        }

        var outcomes = new ArrayList<Future<OrderItData.Order>>();
        var phones = Executors.newFixedThreadPool(BUYERS * ORDERS_PER_BUYER);
        try {
            for (var buyer : buyers) {
                for (int o = 0; o < ORDERS_PER_BUYER; o++) {
                    var placement = aPlacement(anOrderId(), listingId, UNITS_PER_ORDER);
                    outcomes.add(phones.submit((Callable<OrderItData.Order>) () ->
                            placeAndAwaitOutcome(buyer, placement)));
                }
            }
            for (var outcome : outcomes) {
                outcome.get(90, TimeUnit.SECONDS);
            }
        } finally {
            phones.shutdownNow();
        }

        var statuses = new TreeMap<String, Integer>();
        for (var outcome : outcomes) {
            var order = outcome.get();
            statuses.merge(order.status(), 1, Integer::sum);
        }
        long fitting = 5 * DAILY_CAPACITY / UNITS_PER_ORDER;
        assertThat(statuses).as("every order heard its outcome; exactly the units the listing has were promised")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PAYMENT_DUE", (int) fitting,
                        "REJECTED", (int) (BUYERS * ORDERS_PER_BUYER - fitting)));
        var days = GraphQlClients.as(port, factory)
                .document("query($id: ID!, $from: Date!, $to: Date!) { listing(id: $id) { days(from: $from, to: $to) "
                        + "{ reserved free } } }")
                .variable("id", listingId).variable("from", day(1).toString()).variable("to", day(5).toString())
                .execute().errors().verify()
                .path("listing.days[*].reserved").entityList(Long.class).get();
        assertThat(days).as("units reserved on each day of the window").containsOnly(DAILY_CAPACITY);

        assertThat(saga.processingStatus().keySet()).as("segments this node processes the saga on")
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(saga.processingStatus().values()).as("every segment running, none in error")
                .allSatisfy(status -> assertThat(status.isErrorState()).isFalse());
    }
}
