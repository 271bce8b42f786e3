package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.publishListing;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A realistic workload over HTTP for the rebuild and replay ITs: two firms, two listings (one repriced, one paused
 * and resumed), an order through its whole paid life, one declined after payment, one cancelled unpaid, one
 * disputed and split by the operator and one left unpaid (its capacity held); it returns once every order and settlement has reached its end.
 */
final class OrderWorkload {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final int port;
    final Actor factoryActor;
    final Actor buyerActor;
    final HttpGraphQlTester factory;
    final HttpGraphQlTester buyer;

    OrderWorkload(int port) {
        this.port = port;
        factoryActor = registerFirm(port, "FACTORY");
        buyerActor = registerFirm(port, "BUYER");
        factory = GraphQlClients.as(port, factoryActor);
        buyer = GraphQlClients.as(port, buyerActor);
    }

    /** Registers a firm with a token of its own, and waits until it is projected. */
    static Actor registerFirm(int port, String role) {
        var firmId = UUID.randomUUID().toString();
        var actor = GraphQlClients.actor(firmId, role);
        GraphQlClients.as(port, actor).documentName("registerFirm")
                .variable("input", Map.of("firmId", firmId, "name", "厂" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(), "roles", List.of(role), "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234"))
                .execute().errors().verify();
        await(() -> value(GraphQlClients.as(port, actor).document("query($id: ID!) { firm(id: $id) { id } }")
                .variable("id", firmId).execute(), "firm"), "firm projected");
        return actor;
    }

    /** Runs the whole workload; answers the order ids. */
    List<String> run() {
        var listing = publishListing(port, factoryActor, 100);
        var other = publishListing(port, factoryActor, 50);
        step(factory, "changeListingPrice", "ChangeListingPriceInput", Map.of("listingId", listing, "unitPriceFen", 160));
        step(factory, "pauseListing", "PauseListingInput", Map.of("listingId", other));
        step(factory, "resumeListing", "ListingIdInput", Map.of("listingId", other));

        var caps = List.<Map<String, Object>>of(Map.of("material", "caps", "quantity", 40));
        var completed = placeAndPay(listing, 30);
        step(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", completed));
        step(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", completed, "carrier", "顺丰", "trackingNumber", "SF1", "materials", caps));
        step(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", completed, "materials", caps));
        step(factory, "startProduction", "OrderIdInput", Map.of("orderId", completed));
        step(factory, "reportProgress", "ReportProgressInput", Map.of("orderId", completed, "reportId", "r1",
                "goodUnits", 28, "defectiveUnits", 2,
                "materials", List.of(Map.of("material", "caps", "consumed", 30, "scrapped", 2))));
        step(factory, "shipOrder", "ShipOrderInput", Map.of("orderId", completed, "quantity", 28, "carrier", "顺丰",
                "trackingNumber", "SF2", "returnedMaterials", List.of(Map.of("material", "caps", "quantity", 8))));
        step(buyer, "confirmReceipt", "OrderIdInput", Map.of("orderId", completed));

        var declined = placeAndPay(listing, 20);
        step(factory, "declineOrder", "DeclineOrderInput", Map.of("orderId", declined, "note", "machine down"));

        var cancelled = anOrderId();
        OrderItData.placeAndAwaitOutcome(buyer, aPlacement(cancelled, other, 10));
        step(buyer, "cancelOrder", "OrderIdInput", Map.of("orderId", cancelled));

        var disputed = placeAndPay(other, 20);
        var caps20 = List.<Map<String, Object>>of(Map.of("material", "caps", "quantity", 20));
        step(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", disputed));
        step(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", disputed, "carrier", "顺丰", "trackingNumber", "SF3", "materials", caps20));
        step(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", disputed, "materials", caps20));
        step(factory, "startProduction", "OrderIdInput", Map.of("orderId", disputed));
        step(factory, "shipOrder", "ShipOrderInput",
                Map.of("orderId", disputed, "quantity", 20, "carrier", "顺丰", "trackingNumber", "SF4"));
        step(buyer, "openDispute", "OpenDisputeInput",
                Map.of("orderId", disputed, "reason", "loose stitching", "unitsContested", 5));
        step(GraphQlClients.as(port, GraphQlClients.OPERATOR), "decideDispute", "DecideDisputeInput",
                Map.of("orderId", disputed, "refundToBuyerFen", 750, "note", "5 of 20"));

        var unpaid = anOrderId(); // stays PAYMENT_DUE: its capacity stays held
        OrderItData.placeAndAwaitOutcome(buyer, aPlacement(unpaid, listing, 5));

        for (var orderId : List.of(completed, declined, disputed)) {
            awaitSettlement(orderId, "CLOSED");
        }
        awaitSettlement(cancelled, "CANCELLED");
        awaitOrder(completed, "SETTLED");
        awaitOrder(disputed, "SETTLED");
        return List.of(completed, declined, cancelled, disputed, unpaid);
    }

    private String placeAndPay(String listingId, long quantity) {
        var orderId = anOrderId();
        OrderItData.placeAndAwaitOutcome(buyer, aPlacement(orderId, listingId, quantity));
        OrderItData.pay(buyer, orderId);
        awaitOrder(orderId, "PAID");
        return orderId;
    }

    /** Sends a mutation and, for order mutations, waits until the order's read model shows its effect settled. */
    void step(HttpGraphQlTester actor, String mutation, String inputType, Map<String, Object> input) {
        String payload = input.containsKey("orderId") ? "{ orderId }" : "{ listingId }";
        actor.document("mutation($input: " + inputType + "!) { " + mutation + "(input: $input) " + payload + " }")
                .variable("input", input).execute().errors().verify();
    }

    void awaitOrder(String orderId, String status) {
        await(() -> {
            var order = value(GraphQlClients.as(port, GraphQlClients.OPERATOR)
                    .document("query($id: ID!) { order(id: $id) { status } }").variable("id", orderId).execute(),
                    "order");
            return order != null && status.equals(order.get("status")) ? order : null;
        }, "order " + orderId + " " + status);
    }

    void awaitSettlement(String orderId, String status) {
        await(() -> {
            var settlement = value(GraphQlClients.as(port, GraphQlClients.OPERATOR)
                    .document("query($id: ID!) { settlement(orderId: $id) { status } }").variable("id", orderId)
                    .execute(), "settlement");
            return settlement != null && status.equals(settlement.get("status")) ? settlement : null;
        }, "settlement of " + orderId + " " + status);
    }

    static Map<?, ?> value(org.springframework.graphql.test.tester.GraphQlTester.Response response, String path) {
        try {
            return response.path(path).entity(Map.class).get();
        } catch (AssertionError nullValue) {
            return null;
        }
    }

    static <T> T await(java.util.function.Supplier<T> read, String what) {
        try {
            return eventually(WAIT, read, Objects::nonNull, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
