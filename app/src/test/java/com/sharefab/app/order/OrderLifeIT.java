package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.awaitOrder;
import static com.sharefab.app.order.OrderItData.day;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.mutate;
import static com.sharefab.app.order.OrderItData.order;
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
 * The whole life of an order over HTTP on the running app (and its subscriptions over WebSocket), money included: the booking saga opens the settlement,
 * the buyer pays through the in-process sandbox provider (one call, then its signed notification), the factory runs
 * the job, and the buyer's confirmation releases escrow to the factory less the commission. Then the turns that
 * move money back: the factory declines a paid job, the buyer cancels a paid order, and an operator decides a
 * dispute.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderLifeIT {

    private static final Duration MONEY_WAIT = Duration.ofSeconds(30);
    private static final List<Map<String, Object>> CAPS = List.of(Map.of("material", "caps", "quantity", 40));

    @LocalServerPort
    int port;

    private Actor factoryActor;
    private Actor buyerActor;
    private HttpGraphQlTester factory;
    private HttpGraphQlTester buyer;

    @BeforeAll
    void registerFirms() {
        factoryActor = registerFirm(port, "FACTORY");
        buyerActor = registerFirm(port, "BUYER");
        factory = GraphQlClients.as(port, factoryActor);
        buyer = GraphQlClients.as(port, buyerActor);
    }

    @Test
    void orderLife_placedPaidProducedShippedConfirmed_isSettledWithTheFactoryPaidLessCommission() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();

        try (var phone = OrderSubscriber.orderUpdated(port, buyerActor, orderId);
                var board = OrderSubscriber.jobBoardUpdated(port, factoryActor)) {
            Thread.sleep(500); // the server registers a subscription a moment after the client sent it
            liveOrderLife(listingId, orderId);
            // The buyer's phone, subscribed over WebSocket, heard the order through to its end; the factory's board
            // heard of the job.
            assertThat(phone.awaitStatus("SETTLED", MONEY_WAIT).id()).isEqualTo(orderId);
            assertThat(board.next(MONEY_WAIT)).as("the job board heard of the order").isNotNull();
        }
    }

    private void liveOrderLife(String listingId, String orderId) throws Exception {
        var due = placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 30));
        assertThat(due.status()).isEqualTo("PAYMENT_DUE");
        assertThat(due.amount().fen()).as("30 × 1.50 CNY, locked at reservation").isEqualTo(4_500);
        assertThat(due.saving().total().fen()).as("in-house 2.20 against 1.50, 30 units").isEqualTo(2_100);

        OrderItData.pay(buyer, orderId);
        var paid = awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid into escrow");
        assertThat(paid.steps()).contains("PAID");
        assertThat(jobBoardAwaiting(factory)).contains(orderId);

        advance(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", orderId), "ACCEPTED");
        advance(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF100", "materials", CAPS),
                "MATERIALS_SHIPPED");
        advance(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", orderId, "materials", CAPS, "discrepancies", "none"), "MATERIALS_RECEIVED");
        advance(factory, "startProduction", "OrderIdInput", Map.of("orderId", orderId), "IN_PRODUCTION");
        var progress = Map.<String, Object>of("orderId", orderId, "reportId", "r1", "goodUnits", 28,
                "defectiveUnits", 2, "materials", List.of(Map.of("material", "caps", "consumed", 30, "scrapped", 2)));
        advance(factory, "reportProgress", "ReportProgressInput", progress, "IN_PRODUCTION");
        advance(factory, "reportProgress", "ReportProgressInput", progress, "IN_PRODUCTION"); // a phone's retry
        var shipped = advance(factory, "shipOrder", "ShipOrderInput",
                Map.of("orderId", orderId, "quantity", 28, "carrier", "顺丰", "trackingNumber", "SF200",
                        "returnedMaterials", List.of(Map.of("material", "caps", "quantity", 8))),
                "SHIPPED");
        assertThat(shipped.materialsBalanced()).as("40 received = 30 consumed + 2 scrapped + 8 returned").isTrue();

        advance(buyer, "confirmReceipt", "OrderIdInput", Map.of("orderId", orderId), null);
        var settled = awaitOrder(buyer, orderId, o -> o.status().equals("SETTLED"), "escrow released, order settled");

        var settlement = settlement(orderId);
        long commission = Math.round(4_500 * ((Number) settlement.get("commissionBasisPoints")).longValue() / 10_000.0);
        assertThat(fen(settlement, "captured")).isEqualTo(4_500);
        assertThat(fen(settlement, "refunded")).isZero();
        assertThat(fen(settlement, "commission")).isEqualTo(commission);
        assertThat(fen(settlement, "released")).isEqualTo(4_500 - commission);
        assertThat(settlement.get("status")).isEqualTo("CLOSED");
        assertThat(settled.steps()).containsSubsequence(
                "PLACED", "CAPACITY_RESERVED", "PAID", "ACCEPTED", "MATERIALS_SHIPPED", "MATERIALS_RECEIVED",
                "PRODUCTION_STARTED", "SHIPPED", "RECEIPT_CONFIRMED", "SETTLED");
        assertThat(settled.steps()).as("the retried progress report counts once")
                .filteredOn("PROGRESS_REPORTED"::equals).hasSize(1);
        assertThat(factoryPayable(factoryActor.firmId())).as("the factory's earnings, paid out")
                .isEqualTo(4_500 - commission);
        assertThat(trialBalanceIsZero()).isTrue();
    }

    @Test
    void declineOrder_afterPayment_refundsTheBuyerInFullAndReleasesTheCapacity() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 20));
        OrderItData.pay(buyer, orderId);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid");

        advance(factory, "declineOrder", "DeclineOrderInput", Map.of("orderId", orderId, "note", "machine down"),
                "DECLINED");

        eventually(MONEY_WAIT, () -> settlement(orderId), s -> "CLOSED".equals(s.get("status")), "refunded");
        var settlement = settlement(orderId);
        assertThat(fen(settlement, "refunded")).isEqualTo(3_000);
        assertThat(fen(settlement, "released")).isZero();
        assertThat(fen(settlement, "commission")).isZero();
        eventually(MONEY_WAIT, () -> reservedOn(port, listingId, day(1)), units -> units == 0, "capacity released");
        assertThat(order(buyer, orderId).status()).isEqualTo("DECLINED");
    }

    @Test
    void cancelOrder_afterPaymentBeforeAcceptance_refundsTheBuyerInFull() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 10));
        OrderItData.pay(buyer, orderId);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid");

        advance(buyer, "cancelOrder", "OrderIdInput", Map.of("orderId", orderId), "CANCELLED");

        eventually(MONEY_WAIT, () -> settlement(orderId), s -> "CLOSED".equals(s.get("status")), "refunded");
        assertThat(fen(settlement(orderId), "refunded")).isEqualTo(1_500);
        eventually(MONEY_WAIT, () -> reservedOn(port, listingId, day(1)), units -> units == 0, "capacity released");
    }

    @Test
    void decideDispute_byOperator_splitsEscrowBetweenRefundAndRelease() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, 20));
        OrderItData.pay(buyer, orderId);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "paid");
        var caps = List.<Map<String, Object>>of(Map.of("material", "caps", "quantity", 20));
        advance(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", orderId), "ACCEPTED");
        advance(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF300", "materials", caps),
                "MATERIALS_SHIPPED");
        advance(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", orderId, "materials", caps), "MATERIALS_RECEIVED");
        advance(factory, "startProduction", "OrderIdInput", Map.of("orderId", orderId), "IN_PRODUCTION");
        advance(factory, "shipOrder", "ShipOrderInput",
                Map.of("orderId", orderId, "quantity", 20, "carrier", "顺丰", "trackingNumber", "SF400"), "SHIPPED");

        advance(buyer, "openDispute", "OpenDisputeInput",
                Map.of("orderId", orderId, "reason", "loose stitching", "unitsContested", 5), "DISPUTED");
        // Deciding is the operator's, not the buyer's.
        var refused = OrderItData.singleError(buyer.document(mutation("decideDispute", "DecideDisputeInput"))
                .variable("input", Map.of("orderId", orderId, "refundToBuyerFen", 750, "note", "5 of 20"))
                .execute());
        assertThat(refused.getExtensions()).containsEntry("code", "FORBIDDEN");
        advance(GraphQlClients.as(port, GraphQlClients.OPERATOR), "decideDispute", "DecideDisputeInput",
                Map.of("orderId", orderId, "refundToBuyerFen", 750, "note", "5 of 20"), null);

        awaitOrder(buyer, orderId, o -> o.status().equals("SETTLED"), "split settled");
        var settlement = settlement(orderId);
        assertThat(fen(settlement, "refunded")).isEqualTo(750);
        assertThat(fen(settlement, "captured"))
                .isEqualTo(fen(settlement, "refunded") + fen(settlement, "released") + fen(settlement, "commission"));
        assertThat(fen(settlement, "released") + fen(settlement, "commission")).isEqualTo(2_250);
        assertThat(trialBalanceIsZero()).isTrue();
    }

    // --- helpers --------------------------------------------------------------------------------------------------


    /** Sends a transition and answers the order once it shows {@code status} (any status when null). */
    private OrderItData.Order advance(
            HttpGraphQlTester actor, String mutation, String inputType, Map<String, Object> input, String status) {
        var payload = actor.document(mutation(mutation, inputType)).variable("input", input).execute()
                .errors().verify()
                .path(mutation).entity(OrderItData.Payload.class).get();
        if (status == null) {
            return payload.order();
        }
        if (payload.order() != null && payload.order().status().equals(status)) {
            return payload.order();
        }
        return awaitOrder(actor, payload.orderId(), o -> o.status().equals(status), mutation + " projected");
    }

    private static String mutation(String name, String inputType) {
        return "mutation($input: " + inputType + "!) { " + name + "(input: $input) { orderId pending order {"
                + " id status quantity amount { fen currency yuan } materialsBalanced"
                + " timeline { what actorId actorFirmId actorRole at } } } }";
    }

    private List<String> jobBoardAwaiting(HttpGraphQlTester factory) {
        return factory.document("{ jobBoard { awaitingAcceptance { edges { node { id } } } } }").execute()
                .path("jobBoard.awaitingAcceptance.edges[*].node.id").entityList(String.class).get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settlement(String orderId) {
        var response = GraphQlClients.as(port, GraphQlClients.OPERATOR)
                .document("query($id: ID!) { settlement(orderId: $id) { status commissionBasisPoints"
                        + " captured { fen } refunded { fen } released { fen } commission { fen } } }")
                .variable("id", orderId)
                .execute();
        try {
            return response.path("settlement").entity(Map.class).get();
        } catch (AssertionError notYet) {
            return Map.of();
        }
    }

    private long factoryPayable(String firmId) throws InterruptedException {
        // Released to FACTORY_PAYABLE, then paid out to FACTORY: the firm's earnings are what reached FACTORY.
        return eventually(MONEY_WAIT, () -> GraphQlClients.as(port, factoryActor)
                .documentName("firmBalances").variable("firmId", firmId).execute()
                .path("firmBalances").entityList(Map.class).get().stream()
                .filter(balance -> "FACTORY".equals(balance.get("account")))
                .mapToLong(balance -> ((Number) ((Map<?, ?>) balance.get("balance")).get("fen")).longValue())
                .map(Math::abs)
                .sum(), total -> total > 0, "the factory's payout in the ledger");
    }

    private boolean trialBalanceIsZero() {
        var sums = GraphQlClients.as(port, GraphQlClients.OPERATOR)
                .document("{ trialBalance { currency total { fen } } }").execute()
                .path("trialBalance[*].total.fen").entityList(Long.class).get();
        return sums.stream().allMatch(sum -> sum == 0);
    }

    private static long fen(Map<String, Object> settlement, String field) {
        return ((Number) ((Map<?, ?>) settlement.get(field)).get("fen")).longValue();
    }
}
