package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.mutate;
import static com.sharefab.app.order.OrderItData.place;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.cluster.TwoNodes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code orderUpdated} and {@code jobBoardUpdated} over WebSocket across two app nodes on one MongoDB: a phone connected
 * to node B hears of orders placed and cancelled through node A.
 */
class OrderSubscriptionIT {

    private static final Duration HEARING = Duration.ofSeconds(20);

    @AutoClose
    private static TwoNodes nodes;

    @BeforeAll
    static void startTwoNodesOnOneServer() {
        nodes = TwoNodes.start();
    }

    @Test
    void orderUpdated_changesThroughNodeA_heardByBuyerOnNodeB_notByAStranger() throws Exception {
        int portA = nodes.portA();
        int portB = nodes.portB();
        var factory = registerFirm(portA, "FACTORY");
        var buyerActor = registerFirm(portA, "BUYER");
        var stranger = registerFirm(portA, "BUYER");
        var buyer = GraphQlClients.as(portA, buyerActor);
        var listingId = publishListing(portA, factory, 100);
        var orderId = anOrderId();

        try (var phone = OrderSubscriber.orderUpdated(portB, buyerActor, orderId);
                var snoop = OrderSubscriber.orderUpdated(portB, stranger, orderId)) {
            Thread.sleep(500); // the server registers a subscription a moment after the client sent it
            place(buyer, aPlacement(orderId, listingId, 10));

            var due = phone.awaitStatus("PAYMENT_DUE", HEARING);
            assertThat(due.id()).isEqualTo(orderId);

            mutate(buyer, "cancelOrder", Map.of("orderId", orderId)); // answered pending or not: the phone hears it
            var cancelled = phone.awaitStatus("CANCELLED", HEARING);
            assertThat(cancelled.endReason()).isEqualTo("BUYER_CANCELLED");
            assertThat(cancelled.timeline()).extracting("what")
                    .startsWith("PLACED", "CAPACITY_RESERVED", "CANCELLED"); // then SETTLED, once its money closed

            assertThat(snoop.next(Duration.ofSeconds(1))).as("a stranger hears nothing of the order").isNull();
        }
    }

    @Test
    void jobBoardUpdated_orderPlacedThroughNodeA_heardByTheFactoryOnNodeB_only() throws Exception {
        int portA = nodes.portA();
        int portB = nodes.portB();
        var factory = registerFirm(portA, "FACTORY");
        var otherFactory = registerFirm(portA, "FACTORY");
        var buyer = GraphQlClients.as(portA, registerFirm(portA, "BUYER"));
        var listingId = publishListing(portA, factory, 100);
        var orderId = anOrderId();

        try (var board = OrderSubscriber.jobBoardUpdated(portB, factory);
                var otherBoard = OrderSubscriber.jobBoardUpdated(portB, otherFactory)) {
            Thread.sleep(500);
            place(buyer, aPlacement(orderId, listingId, 10));

            var heard = board.awaitStatus("PAYMENT_DUE", HEARING);
            assertThat(heard.id()).isEqualTo(orderId);
            assertThat(otherBoard.next(Duration.ofSeconds(1))).isNull();
        }
    }
}
