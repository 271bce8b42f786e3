package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.awaitOrder;
import static com.sharefab.app.order.OrderItData.day;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.placeAndAwaitOutcome;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static com.sharefab.app.order.OrderItData.reservedOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.events.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The deadlines of a paid order, shortened: a factory that does not answer gets the job taken away and the buyer is
 * refunded; a buyer who does not confirm receipt has it confirmed for them, and the factory is paid.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.order.deadlines.accept=6s",
            "sharefab.order.deadlines.confirm=3s"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPaidDeadlinesIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @LocalServerPort
    int port;

    private Actor factoryActor;
    private HttpGraphQlTester factory;
    private HttpGraphQlTester buyer;

    @BeforeAll
    void registerFirms() {
        factoryActor = registerFirm(port, "FACTORY");
        factory = GraphQlClients.as(port, factoryActor);
        buyer = GraphQlClients.as(port, registerFirm(port, "BUYER"));
    }

    @Test
    void acceptDeadline_factoryDoesNotAnswer_orderDeclinedBuyerRefundedCapacityReleased() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));
        OrderItData.pay(buyer, orderId);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid");

        var declined = eventually(WAIT, () -> OrderItData.order(buyer, orderId),
                o -> o.status().equals("DECLINED"), "declined at the accept deadline");

        assertThat(declined.endReason()).isEqualTo("ACCEPT_TIMEOUT");
        eventually(WAIT, () -> refunded(orderId), fen -> fen == 1_500, "refunded in full");
        eventually(WAIT, () -> reservedOn(port, listingId, day(1)), units -> units == 0, "capacity released");
    }

    @Test
    void confirmDeadline_buyerDoesNotConfirm_receiptConfirmedAutomaticallyAndFactoryPaid() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));
        OrderItData.pay(buyer, orderId);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid");
        var caps = List.<Map<String, Object>>of(Map.of("material", "caps", "quantity", 10));
        send(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", orderId));
        send(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF1", "materials", caps));
        awaitOrder(buyer, orderId, o -> o.status().equals("MATERIALS_SHIPPED"), "materials shipped");
        send(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", orderId, "materials", caps));
        awaitOrder(buyer, orderId, o -> o.status().equals("MATERIALS_RECEIVED"), "materials received");
        send(factory, "startProduction", "OrderIdInput", Map.of("orderId", orderId));
        awaitOrder(buyer, orderId, o -> o.status().equals("IN_PRODUCTION"), "in production");
        send(factory, "shipOrder", "ShipOrderInput",
                Map.of("orderId", orderId, "quantity", 10, "carrier", "顺丰", "trackingNumber", "SF2"));

        var settled = eventually(WAIT, () -> OrderItData.order(buyer, orderId),
                o -> o.status().equals("SETTLED"), "confirmed automatically and settled");

        assertThat(settled.steps()).contains("RECEIPT_CONFIRMED_AUTOMATICALLY").doesNotContain("RECEIPT_CONFIRMED");
        var confirmation = settled.timeline().stream()
                .filter(entry -> entry.what().equals("RECEIPT_CONFIRMED_AUTOMATICALLY")).findFirst().orElseThrow();
        assertThat(confirmation.actorRole()).as("the platform confirmed, not the buyer").isEqualTo("SYSTEM");
    }


    private static void send(HttpGraphQlTester actor, String mutation, String inputType, Map<String, Object> input) {
        actor.document("mutation($input: " + inputType + "!) { " + mutation + "(input: $input) { orderId } }")
                .variable("input", input)
                .execute()
                .errors().verify();
    }

    private long refunded(String orderId) {
        var response = GraphQlClients.as(port, GraphQlClients.OPERATOR)
                .document("query($id: ID!) { settlement(orderId: $id) { refunded { fen } } }")
                .variable("id", orderId)
                .execute();
        try {
            return response.path("settlement.refunded.fen").entity(Long.class).get();
        } catch (AssertionError notYet) {
            return -1;
        }
    }
}
