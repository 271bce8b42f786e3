package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.eventually;
import static com.sharefab.app.order.OrderItData.publishListing;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import com.sharefab.events.settlement.SettlementIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * As of (issue 7): a real order is driven through its paid life over HTTP; after every step the test records the
 * order (and its settlement) as the live read model shows it, with the global index and timestamp of the last event
 * of its stream then. At the end, orderAsOf and settlementAsOf at each recorded position and instant answer exactly
 * what was recorded, and orderChanges names the fields that changed between two steps.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsOfOrderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<Map<String, Object>> CAPS = List.of(Map.of("material", "caps", "quantity", 40));

    static final String ORDER_FIELDS = "{ id status buyerFirmId factoryFirmId listingId step { id } quantity windowFrom"
            + " windowTo unitPrice { fen currency yuan } amount { fen currency yuan } inHouseUnitCost { fen }"
            + " saving { id perUnit { fen } total { fen } percent } firstProductionDay dueDate payBy acceptBy"
            + " confirmBy goodUnits defectiveUnits shippedUnits endReason"
            + " money { id captured { fen } refunded { fen } released { fen } commission { fen } settled }"
            + " materials { id material planned shipped received consumed scrapped returned inTransit unaccounted }"
            + " materialsBalanced timeline { id sequence what detail actorId actorFirmId actorRole at }"
            + " placedAt updatedAt }";
    static final String SETTLEMENT_FIELDS = "{ id orderId buyerFirmId factoryFirmId amount { fen }"
            + " commissionBasisPoints status paymentId providerPaymentId captured { fen } held { fen }"
            + " released { fen } commission { fen } refunded { fen } refundsInFlight { fen } paidOut { fen }"
            + " payoutsInFlight { fen } rejectedNotifications openedAt updatedAt }";

    @LocalServerPort
    int port;

    private Actor factoryActor;
    private HttpGraphQlTester factory;
    private HttpGraphQlTester buyer;
    private HttpGraphQlTester auditor;

    /** What the live model showed after a step, and where the aggregate's stream ended then. */
    record Snapshot(String step, long globalIndex, Instant at, Instant nextAt, Map<?, ?> state) {}

    @BeforeAll
    void registerFirms() {
        factoryActor = registerFirm("FACTORY");
        factory = GraphQlClients.as(port, factoryActor);
        buyer = GraphQlClients.as(port, registerFirm("BUYER"));
        auditor = GraphQlClients.as(port, GraphQlClients.AUDITOR);
    }

    @Test
    void orderAsOf_eachStepOfAPaidLife_answersWhatTheOrderLookedLikeThen() throws Exception {
        var listingId = publishListing(port, factoryActor, 100);
        var orderId = anOrderId();
        var settlementId = SettlementIds.forOrder(orderId);
        List<Snapshot> orders = new ArrayList<>();
        List<Snapshot> settlements = new ArrayList<>();

        OrderItData.place(buyer, aPlacement(orderId, listingId, 30));
        orders.add(settled(orderId, "PAYMENT_DUE"));
        OrderItData.pay(buyer, orderId);
        orders.add(settled(orderId, "PAID"));
        settlements.add(settledSettlement(settlementId, orderId));
        step(factory, "acceptOrder", "OrderIdInput", Map.of("orderId", orderId));
        orders.add(settled(orderId, "ACCEPTED"));
        step(buyer, "shipMaterials", "ShipMaterialsInput",
                Map.of("orderId", orderId, "carrier", "顺丰", "trackingNumber", "SF1", "materials", CAPS));
        orders.add(settled(orderId, "MATERIALS_SHIPPED"));
        step(factory, "recordMaterialsReceived", "RecordMaterialsReceivedInput",
                Map.of("orderId", orderId, "materials", CAPS, "discrepancies", "none"));
        orders.add(settled(orderId, "MATERIALS_RECEIVED"));
        step(factory, "startProduction", "OrderIdInput", Map.of("orderId", orderId));
        orders.add(settled(orderId, "IN_PRODUCTION"));
        step(factory, "reportProgress", "ReportProgressInput", Map.of("orderId", orderId, "reportId", "r1",
                "goodUnits", 28, "defectiveUnits", 2,
                "materials", List.of(Map.of("material", "caps", "consumed", 30, "scrapped", 2))));
        orders.add(settled(orderId, "IN_PRODUCTION"));
        step(factory, "shipOrder", "ShipOrderInput", Map.of("orderId", orderId, "quantity", 28, "carrier", "顺丰",
                "trackingNumber", "SF2", "returnedMaterials", List.of(Map.of("material", "caps", "quantity", 8))));
        orders.add(settled(orderId, "SHIPPED"));
        step(buyer, "confirmReceipt", "OrderIdInput", Map.of("orderId", orderId));
        orders.add(settled(orderId, "SETTLED"));
        settlements.add(settledSettlement(settlementId, orderId));

        // Fill in when the next event came, so "at" comparisons know whether an instant is unambiguous.
        orders = withNext(orders, history(orderId));
        settlements = withNext(settlements, history(settlementId));
        for (var snapshot : orders) {
            assertThat(asOf("orderAsOf", orderId, Map.of("globalIndex", snapshot.globalIndex())))
                    .as("orderAsOf at global index %d, after %s", snapshot.globalIndex(), snapshot.step())
                    .isEqualTo(snapshot.state());
            if (snapshot.nextAt() == null || snapshot.nextAt().isAfter(snapshot.at())) {
                assertThat(asOf("orderAsOf", orderId, Map.of("at", snapshot.at().toString())))
                        .as("orderAsOf at %s, after %s", snapshot.at(), snapshot.step())
                        .isEqualTo(snapshot.state());
            }
        }
        for (var snapshot : settlements) {
            assertThat(asOf("settlementAsOf", orderId, Map.of("globalIndex", snapshot.globalIndex())))
                    .as("settlementAsOf at global index %d", snapshot.globalIndex())
                    .isEqualTo(snapshot.state());
        }
        long beforeFirst = history(orderId).get(0).globalIndex() - 1;
        auditor.document("query($id: ID!, $g: Long) { orderAsOf(orderId: $id, globalIndex: $g) { id } }")
                .variable("id", orderId).variable("g", beforeFirst).execute().path("orderAsOf").valueIsNull();

        // What changed from payment due to paid, and from nothing to placed.
        var changes = changes(orderId, Map.of("globalIndex", orders.get(0).globalIndex()),
                Map.of("globalIndex", orders.get(1).globalIndex()));
        assertThat(changes.get("existedBefore")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        var fields = (List<Map<String, Object>>) changes.get("changes");
        assertThat(fields).contains(
                Map.of("field", "status", "before", "PAYMENT_DUE", "after", "PAID"),
                Map.of("field", "money.captured.fen", "after", 4500),
                Map.of("field", "timeline[2].what", "after", "PAID"));
        assertThat(fields).extracting(f -> f.get("field")).doesNotContain("buyerFirmId", "quantity", "timeline[0].what");
        var fromNothing = changes(orderId, Map.of("globalIndex", beforeFirst), Map.of("globalIndex",
                history(orderId).get(0).globalIndex()));
        assertThat(fromNothing.get("existedBefore")).isEqualTo(false);
        assertThat(fromNothing.get("existsAfter")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        var added = (List<Map<String, Object>>) fromNothing.get("changes");
        assertThat(added).contains(Map.of("field", "status", "after", "PLACED"));
    }

    @Test
    void asOfFields_anyRoleButAuditor_isForbidden() {
        for (var tester : List.of(GraphQlClients.as(port, GraphQlClients.OPERATOR), buyer, factory)) {
            var response = tester.document("{ orderAsOf(orderId: \"o\", globalIndex: 1) { id } }").execute();
            var errors = new ArrayList<org.springframework.graphql.ResponseError>();
            response.errors().satisfy(errors::addAll);
            assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private Actor registerFirm(String role) {
        var firmId = UUID.randomUUID().toString();
        var actor = GraphQlClients.actor(firmId, role);
        GraphQlClients.as(port, actor).documentName("registerFirm")
                .variable("input", Map.of("firmId", firmId, "name", "审计" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(), "roles", List.of(role), "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234"))
                .execute().errors().verify();
        try {
            eventually(WAIT, () -> nullable(GraphQlClients.as(port, actor)
                            .document("query($id: ID!) { firm(id: $id) { id } }").variable("id", firmId).execute(),
                    "firm"), Objects::nonNull, "firm projected");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return actor;
    }

    private void step(HttpGraphQlTester actor, String mutation, String inputType, Map<String, Object> input) {
        actor.document("mutation($input: " + inputType + "!) { " + mutation + "(input: $input) { orderId } }")
                .variable("input", input).execute().errors().verify();
    }

    /**
     * Waits until the order shows {@code status} and its read model has applied every event of its stream (one
     * timeline entry per event), and answers it with the position of its last event.
     */
    private Snapshot settled(String orderId, String status) throws InterruptedException {
        return eventually(WAIT, () -> {
            var events = history(orderId);
            var order = live("order(id: $id)", "order", orderId, ORDER_FIELDS);
            if (order == null || !status.equals(order.get("status"))
                    || ((List<?>) order.get("timeline")).size() != events.size()) {
                return null;
            }
            var last = events.get(events.size() - 1);
            return new Snapshot(status, last.globalIndex(), last.timestamp(), null, order);
        }, Objects::nonNull, "order " + status + " with every event applied");
    }

    /** The settlement once it equals its fold at the head of its stream (the live projection caught up). */
    private Snapshot settledSettlement(String settlementId, String orderId) throws InterruptedException {
        return eventually(WAIT, () -> {
            var events = history(settlementId);
            if (events.isEmpty()) {
                return null;
            }
            var last = events.get(events.size() - 1);
            var live = live("settlement(orderId: $id)", "settlement", orderId, SETTLEMENT_FIELDS);
            var asOf = asOf("settlementAsOf", orderId, Map.of("globalIndex", last.globalIndex()));
            if (live == null || !live.equals(asOf) || !live.equals(live("settlement(orderId: $id)", "settlement",
                    orderId, SETTLEMENT_FIELDS)) || history(settlementId).size() != events.size()) {
                return null;
            }
            return new Snapshot("settlement", last.globalIndex(), last.timestamp(), null, live);
        }, Objects::nonNull, "settlement caught up");
    }

    private Map<?, ?> live(String field, String name, String id, String fields) {
        var response = GraphQlClients.as(port, GraphQlClients.OPERATOR)
                .document("query($id: ID!) { " + field + " " + fields + " }").variable("id", id).execute();
        return nullable(response, name);
    }

    private Map<?, ?> asOf(String field, String id, Map<String, Object> moment) {
        String fields = field.startsWith("order") ? ORDER_FIELDS : SETTLEMENT_FIELDS;
        var response = auditor.document("query($id: ID!, $at: DateTime, $g: Long) { " + field
                        + "(orderId: $id, at: $at, globalIndex: $g) " + fields + " }")
                .variable("id", id)
                .variable("at", moment.get("at"))
                .variable("g", moment.get("globalIndex"))
                .execute();
        response.errors().verify();
        return nullable(response, field);
    }

    private Map<String, Object> changes(String orderId, Map<String, Object> from, Map<String, Object> to) {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = auditor.document("query($id: ID!, $f: AsOfMoment!, $t: AsOfMoment!) {"
                        + " orderChanges(orderId: $id, from: $f, to: $t) { id aggregateId existedBefore existsAfter"
                        + " changes { field before after } } }")
                .variable("id", orderId).variable("f", from).variable("t", to).execute()
                .errors().verify().path("orderChanges").entity(Map.class).get();
        // Drop null before/after so the expectations can name only what they care about.
        @SuppressWarnings("unchecked")
        var rows = ((List<Map<String, Object>>) answer.get("changes")).stream().map(row -> {
            var copy = new java.util.LinkedHashMap<String, Object>();
            row.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
            return (Map<String, Object>) copy;
        }).toList();
        var result = new java.util.LinkedHashMap<>(answer);
        result.put("changes", rows);
        return result;
    }

    private static Map<?, ?> nullable(org.springframework.graphql.test.tester.GraphQlTester.Response response,
            String path) {
        try {
            return response.path(path).entity(Map.class).get();
        } catch (AssertionError nullValue) {
            return null;
        }
    }

    record Event(long globalIndex, Instant timestamp) {}

    private List<Event> history(String aggregateId) {
        var response = auditor.document("query($id: ID!) { aggregateHistory(aggregateId: $id, first: 100) {"
                + " edges { node { globalIndex timestamp } } } }").variable("id", aggregateId).execute();
        var indexes = response.path("aggregateHistory.edges[*].node.globalIndex").entityList(Long.class).get();
        var times = response.path("aggregateHistory.edges[*].node.timestamp").entityList(String.class).get();
        var events = new ArrayList<Event>();
        for (int i = 0; i < indexes.size(); i++) {
            events.add(new Event(indexes.get(i), Instant.parse(times.get(i))));
        }
        return events;
    }

    private static List<Snapshot> withNext(List<Snapshot> snapshots, List<Event> events) {
        return snapshots.stream().map(s -> new Snapshot(s.step(), s.globalIndex(), s.at(), events.stream()
                .filter(e -> e.globalIndex() > s.globalIndex()).map(Event::timestamp).findFirst().orElse(null),
                s.state())).toList();
    }

}
