package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.day;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.mutate;
import static com.sharefab.app.order.OrderItData.order;
import static com.sharefab.app.order.OrderItData.place;
import static com.sharefab.app.order.OrderItData.placeAndAwaitOutcome;
import static com.sharefab.app.order.OrderItData.mutateAndAwait;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static com.sharefab.app.order.OrderItData.reservedOn;
import static com.sharefab.app.order.OrderItData.singleError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
 * Orders end to end over HTTP on the running app, for every turn reachable without a payment: placement with its
 * locked price and saving, idempotent retries and id conflicts, rejection for lack of capacity, the buyer's
 * cancellation with its capacity released, who may do what, and the buyer's and factory's views.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderGraphQlIT {

    private static final Duration SAGA_WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    private Actor factoryActor;
    private Actor buyerActor;
    private HttpGraphQlTester factory;
    private HttpGraphQlTester buyer;
    private HttpGraphQlTester otherBuyer;
    private HttpGraphQlTester operator;
    private HttpGraphQlTester auditor;

    @BeforeAll
    void registerFirms() {
        factoryActor = registerFirm(port, "FACTORY");
        buyerActor = registerFirm(port, "BUYER");
        factory = GraphQlClients.as(port, factoryActor);
        buyer = GraphQlClients.as(port, buyerActor);
        otherBuyer = GraphQlClients.as(port, registerFirm(port, "BUYER"));
        operator = GraphQlClients.as(port, GraphQlClients.OPERATOR);
        auditor = GraphQlClients.as(port, GraphQlClients.AUDITOR);
    }

    @Test
    void placeOrder_capacityFree_answersPaymentDueWithLockedPriceSavingAndTimeline() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();

        var payload = place(buyer, aPlacement(orderId, listingId, 150));

        // Read-your-writes: the answer shows the placement, or says explicitly that it is still pending.
        assertThat(payload.pending()).isEqualTo(payload.order() == null);
        if (payload.order() != null) {
            assertThat(payload.order().steps()).startsWith("PLACED");
        }
        var order = OrderItData.awaitOrder(buyer, orderId, o -> !o.status().equals("PLACED"), "reservation");
        assertThat(order.id()).isEqualTo(orderId);
        assertThat(order.status()).isEqualTo("PAYMENT_DUE");
        assertThat(order.buyerFirmId()).isEqualTo(buyerActor.firmId());
        assertThat(order.factoryFirmId()).isEqualTo(factoryActor.firmId());
        assertThat(order.unitPrice()).isEqualTo(new OrderItData.Price(150, "CNY", "1.50"));
        assertThat(order.amount()).isEqualTo(new OrderItData.Price(22_500, "CNY", "225.00"));
        assertThat(order.saving().perUnit().fen()).isEqualTo(70);
        assertThat(order.saving().total().fen()).isEqualTo(10_500);
        assertThat(order.saving().percent()).isEqualTo(31.8);
        assertThat(order.firstProductionDay()).isEqualTo(day(1).toString());
        assertThat(order.dueDate()).isEqualTo(day(2).toString());
        assertThat(order.payBy()).isNotNull();
        assertThat(order.materials()).extracting("material", "planned", "shipped", "received")
                .containsExactly(tuple("caps", 160L, 0L, 0L), tuple("thread", 3L, 0L, 0L));
        assertThat(order.timeline()).extracting("what", "actorId", "actorFirmId", "actorRole")
                .containsExactly(
                        tuple("PLACED", buyerActor.userId(), buyerActor.firmId(), "BUYER"),
                        tuple("CAPACITY_RESERVED", "system", null, "SYSTEM"));
        assertThat(reservedOn(port, listingId, day(1))).isEqualTo(100);
        assertThat(reservedOn(port, listingId, day(2))).isEqualTo(50);
    }

    @Test
    void placeOrder_retriedWithSamePayload_answersTheSameOrderOnce_otherPayloadIsOrderIdConflict() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        var placement = aPlacement(orderId, listingId, 20);

        var first = placeAndAwaitOutcome(buyer, placement);
        var again = placeAndAwaitOutcome(buyer, placement);

        assertThat(again.steps()).isEqualTo(first.steps());
        assertThat(again.timeline()).hasSize(2);
        assertThat(reservedOn(port, listingId, day(1))).as("reserved once").isEqualTo(20);

        placement.put("quantity", 21);
        var conflict = singleError(buyer.documentName("placeOrder").variable("input", placement).execute());
        assertThat(conflict.getExtensions()).containsEntry("code", "ORDER_ID_CONFLICT");
    }

    @Test
    void placeOrder_idOfAListing_isOrderIdTaken_andTheListingIsIntact() {
        var listingId = publishListing(port, factoryActor, 100);

        var error = singleError(
                buyer.documentName("placeOrder").variable("input", aPlacement(listingId, listingId, 5)).execute());

        assertThat(error.getExtensions()).containsEntry("code", "ORDER_ID_TAKEN");
        assertThat(reservedOn(port, listingId, day(1))).isZero();
        GraphQlClients.http(port).document("query($id: ID!) { listing(id: $id) { status } }")
                .variable("id", listingId).execute()
                .path("listing.status").entity(String.class).isEqualTo("ACTIVE");
    }

    @Test
    void placeOrder_malformedIdOrByAFactory_isRefusedWithItsCode() {
        var listingId = publishListing(port, factoryActor, 100);

        var malformed = singleError(buyer.documentName("placeOrder")
                .variable("input", aPlacement("no spaces allowed", listingId, 5)).execute());
        assertThat(malformed.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "input.orderId");

        var byFactory = singleError(factory.documentName("placeOrder")
                .variable("input", aPlacement(anOrderId(), listingId, 5)).execute());
        assertThat(byFactory.getExtensions()).containsEntry("code", "FORBIDDEN");
    }

    @Test
    void placeOrder_noCapacity_isRejectedAtOnce() {
        var listingId = publishListing(port, factoryActor, 10);

        var order = placeAndAwaitOutcome(buyer, aPlacement(anOrderId(), listingId, 500));

        assertThat(order.status()).isEqualTo("REJECTED");
        assertThat(order.endReason()).isEqualTo("NO_CAPACITY");
        assertThat(order.steps()).containsExactly("PLACED", "REJECTED");
        assertThat(order.amount()).isNull();
    }

    @Test
    void cancelOrder_byBuyerBeforePayment_cancelsAndReleasesCapacity() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 30));
        assertThat(reservedOn(port, listingId, day(1))).isEqualTo(30);

        var cancelled = mutateAndAwait(buyer, "cancelOrder", Map.of("orderId", orderId),
                o -> o.status().equals("CANCELLED"));

        assertThat(cancelled.endReason()).isEqualTo("BUYER_CANCELLED");
        assertThat(cancelled.timeline().get(2).actorId()).isEqualTo(buyerActor.userId());
        eventually(SAGA_WAIT, () -> reservedOn(port, listingId, day(1)), units -> units == 0,
                "the booking process released the order's units");
        // The settlement closes without moving money; the order stays cancelled.
        var closed = eventually(SAGA_WAIT, () -> order(buyer, orderId), o -> o.steps().contains("SETTLED"),
                "the order's settlement closed");
        assertThat(closed.status()).isEqualTo("CANCELLED");
        assertThat(closed.steps()).containsExactly("PLACED", "CAPACITY_RESERVED", "CANCELLED", "SETTLED");
        // A retry from a phone that lost the answer changes nothing.
        mutate(buyer, "cancelOrder", Map.of("orderId", orderId));
        assertThat(order(buyer, orderId).timeline()).hasSize(4);
    }

    @Test
    void orderMutations_byAnyoneButTheirParty_areForbidden_andOutOfTurn_areInvalidOrderStatus() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));
        var id = Map.<String, Object>of("orderId", orderId);

        for (var stranger : List.of(otherBuyer, factory, operator)) {
            assertThat(singleError(stranger.documentName("cancelOrder").variable("input", id).execute())
                    .getExtensions()).containsEntry("code", "FORBIDDEN");
        }
        assertThat(singleError(buyer.documentName("acceptOrder").variable("input", id).execute()).getExtensions())
                .containsEntry("code", "FORBIDDEN");
        assertThat(singleError(factory.documentName("acceptOrder").variable("input", id).execute()).getExtensions())
                .as("not paid yet").containsEntry("code", "INVALID_ORDER_STATUS");
        assertThat(singleError(factory.documentName("declineOrder").variable("input", id).execute()).getExtensions())
                .containsEntry("code", "INVALID_ORDER_STATUS");
        assertThat(singleError(factory.documentName("acceptOrder")
                        .variable("input", Map.of("orderId", "no-such-order")).execute())
                .getExtensions()).as("an order that does not exist")
                .containsEntry("code", "NOT_FOUND");
    }

    @Test
    void order_visibleToItsBuyerFactoryOperatorAndAuditors_only() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));

        assertThat(order(buyer, orderId).id()).isEqualTo(orderId);
        assertThat(order(factory, orderId).id()).isEqualTo(orderId);
        assertThat(order(operator, orderId).id()).isEqualTo(orderId);
        assertThat(order(auditor, orderId).id()).isEqualTo(orderId);
        otherBuyer.documentName("order").variable("id", orderId).execute().errors().verify()
                .path("order").valueIsNull();
        var otherFactory = GraphQlClients.as(port, registerFirm(port, "FACTORY"));
        otherFactory.documentName("order").variable("id", orderId).execute().errors().verify()
                .path("order").valueIsNull();
        assertThat(singleError(GraphQlClients.http(port).documentName("order").variable("id", orderId).execute())
                .getExtensions()).as("no token").containsEntry("code", "UNAUTHENTICATED");
    }

    @Test
    void myOrders_ofAnAuditor_listEveryFirmsOrders_butAnAuditorChangesNone() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 5));

        var seen = new java.util.ArrayList<String>();
        String after = null;
        boolean more = true;
        while (more) {
            var page = auditor.document("query($after: String) { myOrders(first: 100, after: $after) {"
                            + " edges { node { id } } pageInfo { hasNextPage endCursor } } }")
                    .variable("after", after).execute().errors().verify();
            seen.addAll(page.path("myOrders.edges[*].node.id").entityList(String.class).get());
            more = page.path("myOrders.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = more ? page.path("myOrders.pageInfo.endCursor").entity(String.class).get() : null;
        }
        assertThat(seen).as("an auditor reads every firm's orders").contains(orderId);
        assertThat(otherBuyer.documentName("myOrders").execute().errors().verify()
                .path("myOrders.edges[*].node.id").entityList(String.class).get())
                .as("another buyer sees none of them").doesNotContain(orderId);

        assertThat(singleError(auditor.documentName("cancelOrder").variable("input", Map.of("orderId", orderId))
                .execute()).getExtensions()).containsEntry("code", "FORBIDDEN");
        assertThat(order(buyer, orderId).status()).isEqualTo("PAYMENT_DUE");
    }

    @Test
    void myOrders_filteredByStatus_listsOnlyTheBuyersOrdersInThatStatus() {
        var listingId = publishListing(port, factoryActor, 100);
        var buyer2Actor = registerFirm(port, "BUYER");
        var buyer2 = GraphQlClients.as(port, buyer2Actor);
        var due = anOrderId();
        var cancelled = anOrderId();
        placeAndAwaitOutcome(buyer2, aPlacement(due, listingId, 5));
        placeAndAwaitOutcome(buyer2, aPlacement(cancelled, listingId, 5));
        mutateAndAwait(buyer2, "cancelOrder", Map.of("orderId", cancelled), o -> o.status().equals("CANCELLED"));
        place(buyer, aPlacement(anOrderId(), listingId, 5));

        var all = buyer2.documentName("myOrders").execute().errors().verify()
                .path("myOrders.edges[*].node.id").entityList(String.class).get();
        var onlyCancelled = buyer2.documentName("myOrders").variable("status", List.of("CANCELLED")).execute()
                .errors().verify()
                .path("myOrders.edges[*].node.id").entityList(String.class).get();
        var firstPage = buyer2.documentName("myOrders").variable("first", 1).execute().errors().verify()
                .path("myOrders.pageInfo.hasNextPage").entity(Boolean.class).get();

        assertThat(all).containsExactlyInAnyOrder(due, cancelled);
        assertThat(onlyCancelled).containsExactly(cancelled);
        assertThat(firstPage).isTrue();
    }

    @Test
    void jobBoard_ofAFactory_showsNoUnpaidOrder() {
        var listingId = publishListing(port, factoryActor, 100);
        place(buyer, aPlacement(anOrderId(), listingId, 5));

        var board = factory.documentName("jobBoard").execute().errors().verify();

        board.path("jobBoard.id").entity(String.class).isEqualTo("jobBoard:" + factoryActor.firmId());
        board.path("jobBoard.awaitingAcceptance.edges").entityList(Object.class).hasSize(0);
        board.path("jobBoard.inProduction.edges").entityList(Object.class).hasSize(0);
    }

    /**
     * Every later transition's mutation reaches the order over HTTP with its input bound, and is refused for the
     * order's status (the paid part of the life is covered by the aggregate and saga fixture tests until the
     * settlement side can take payments).
     */
    @Test
    void laterTransitions_onAnUnpaidOrder_areBoundAndRefusedAsInvalidOrderStatus() {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));
        var caps = List.of(Map.of("material", "caps", "quantity", 10));
        record Call(HttpGraphQlTester actor, String mutation, String inputType, Map<String, Object> input) {}
        var calls = List.of(
                new Call(buyer, "shipMaterials", "ShipMaterialsInput",
                        Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF1", "materials", caps)),
                new Call(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                        Map.of("orderId", orderId, "materials", caps, "discrepancies", "none")),
                new Call(factory, "startProduction", "OrderIdInput", Map.of("orderId", orderId)),
                new Call(factory, "reportProgress", "ReportProgressInput",
                        Map.of("orderId", orderId, "reportId", "r1", "goodUnits", 5, "defectiveUnits", 1,
                                "materials", List.of(Map.of("material", "caps", "consumed", 6, "scrapped", 0)))),
                new Call(factory, "shipOrder", "ShipOrderInput",
                        Map.of("orderId", orderId, "quantity", 10, "carrier", "顺丰", "trackingNumber", "SF2",
                                "returnedMaterials", caps)),
                new Call(buyer, "confirmReceipt", "OrderIdInput", Map.of("orderId", orderId)),
                new Call(buyer, "openDispute", "OpenDisputeInput",
                        Map.of("orderId", orderId, "reason", "loose", "unitsContested", 2)),
                new Call(operator, "decideDispute", "DecideDisputeInput",
                        Map.of("orderId", orderId, "refundToBuyerFen", 100, "note", "half")));
        for (var call : calls) {
            var document = "mutation($input: " + call.inputType() + "!) { " + call.mutation()
                    + "(input: $input) { orderId pending order { id } } }";
            var error = singleError(call.actor().document(document).variable("input", call.input()).execute());
            assertThat(error.getExtensions()).as(call.mutation()).containsEntry("code", "INVALID_ORDER_STATUS");
        }
        assertThat(order(buyer, orderId).status()).isEqualTo("PAYMENT_DUE");
    }
}
