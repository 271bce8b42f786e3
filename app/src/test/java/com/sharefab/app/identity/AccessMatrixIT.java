package com.sharefab.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.graphql.Access;
import graphql.schema.GraphQLObjectType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * The access matrix: every GraphQL entry point (every root field of the schema) is called with no token, with a
 * token of a foreign firm in each firm role, and with a token of the owning firm in each role the field's
 * {@code @access} does not allow. No cell may answer the owning firm's private data, and no cell except those that
 * act on public data by design (a buyer reserving a factory's capacity) may change it.
 *
 * <p>A new entry point without a row here fails {@link #everyEntryPoint_hasARow}: add one to {@link #ROWS} — the
 * operation a hostile caller would send against another firm's data — and its cells are generated.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class AccessMatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTING_PAYLOAD = "{ listingId listing { id status unitPrice { fen } } }";

    /**
     * One row per entry point, {@code Type.field}: the operation sent in every cell, aimed at the owner's data.
     * Keep it sorted by type, then schema order.
     */
    static final Map<String, Probe> ROWS = rows();

    private static Map<String, Probe> rows() {
        var rows = new LinkedHashMap<String, Probe>();
        rows.put("Query.platform", Probe.query("{ platform { id version } }", f -> Map.of()));
        rows.put("Query.firm", Probe.query("query($id: ID!) { firm(id: $id) { id name uscc contactName contactPhone } }",
                f -> Map.of("id", f.owner)).alsoHiding(f -> List.of(f.ownerName)));
        rows.put("Query.firms", Probe.query("{ firms(first: 100) { edges { node { id name uscc contactPhone } } } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.owner, f.ownerName)));
        rows.put("Query.industries", Probe.query("{ industries { id steps { id } } }", f -> Map.of()));
        rows.put("Query.steps", Probe.query("{ steps { id } }", f -> Map.of()));
        rows.put("Query.listings", Probe.query("{ listings(first: 50) { edges { node { id factoryFirmId } } } }",
                f -> Map.of()));
        rows.put("Query.listing", Probe.query(
                "query($id: ID!) { listing(id: $id) { id factoryFirmId days { date reserved } } }",
                f -> Map.of("id", f.listing)));
        rows.put("Query.myListings", Probe.query("{ myListings(first: 50) { edges { node { id factoryFirmId } } } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.listing, f.owner)));
        rows.put("Mutation.ping", Probe.mutation("mutation { ping }", f -> Map.of()).actsOnPublicData());
        rows.put("Mutation.registerFirm", Probe.mutation(
                "mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId firm { uscc contactPhone } } }",
                f -> Map.of("input", Map.of("firmId", f.owner, "name", "接管", "uscc", UsccTestCodes.next(),
                        "roles", List.of("FACTORY"), "contactName", "冒名", "contactPhone", "10000000000"))));
        rows.put("Mutation.publishListing", listingMutation("publishListing", "PublishListingInput",
                f -> publication(f.listing, 1)));
        rows.put("Mutation.changeListingPrice", listingMutation("changeListingPrice", "ChangeListingPriceInput",
                f -> Map.of("listingId", f.listing, "unitPriceFen", 1)));
        rows.put("Mutation.changeListingDailyCapacity", listingMutation("changeListingDailyCapacity",
                "ChangeListingDailyCapacityInput", f -> Map.of("listingId", f.listing, "dailyCapacity", 11)));
        rows.put("Mutation.closeListingDays", listingMutation("closeListingDays", "ListingDaysInput",
                f -> Map.of("listingId", f.listing, "days", List.of(day(20).toString()))));
        rows.put("Mutation.reopenListingDays", listingMutation("reopenListingDays", "ListingDaysInput",
                f -> Map.of("listingId", f.listing, "days", List.of(day(21).toString()))));
        rows.put("Mutation.pauseListing", listingMutation("pauseListing", "PauseListingInput",
                f -> Map.of("listingId", f.listing)));
        rows.put("Mutation.resumeListing", listingMutation("resumeListing", "ListingIdInput",
                f -> Map.of("listingId", f.listing)));
        rows.put("Mutation.withdrawListing", listingMutation("withdrawListing", "ListingIdInput",
                f -> Map.of("listingId", f.listing)));
        rows.put("Mutation.reserveCapacity", Probe.mutation(
                "mutation($input: ReserveCapacityInput!) { reserveCapacity(input: $input) { listingId reservation { id } } }",
                f -> Map.of("input", Map.of("listingId", f.listing, "orderId", "order-" + UUID.randomUUID(),
                        "quantity", 1, "from", day(2).toString(), "to", day(2).toString()))).actsOnPublicData());
        rows.put("Mutation.releaseCapacity", listingMutation("releaseCapacity", "OrderCapacityInput",
                f -> Map.of("listingId", f.listing, "orderId", f.order)));
        rows.put("Mutation.consumeCapacity", listingMutation("consumeCapacity", "OrderCapacityInput",
                f -> Map.of("listingId", f.listing, "orderId", f.order)));
        // Orders: the owner's customer placed and paid placedOrder on the owner's listing.
        rows.put("Query.order", Probe.query(
                "query($id: ID!) { order(id: $id) { id buyerFirmId factoryFirmId timeline { actorId } } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.myOrders", Probe.query(
                "{ myOrders(first: 50) { edges { node { id buyerFirmId factoryFirmId } } } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.customer, f.owner)));
        rows.put("Query.jobBoard", Probe.query("{ jobBoard(dueWithinDays: 366) { id"
                        + " awaitingAcceptance(first: 50) { edges { node { id buyerFirmId } } }"
                        + " inProduction(first: 50) { edges { node { id buyerFirmId } } }"
                        + " dueSoon(first: 50) { edges { node { id buyerFirmId } } } } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.customer, f.owner)));
        rows.put("Query.settlement", Probe.query(
                "query($id: ID!) { settlement(orderId: $id) { id buyerFirmId factoryFirmId paymentId providerPaymentId"
                        + " captured { fen } } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.commissionRate", Probe.query("{ commissionRate { id basisPoints } }", f -> Map.of()));
        rows.put("Query.firmBalances", Probe.query(
                "query($id: ID!) { firmBalances(firmId: $id) { id account firmId balance { fen } } }",
                f -> Map.of("id", f.customer)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.firmStatement", Probe.query(
                "query($id: ID!) { firmStatement(firmId: $id, first: 50) { edges { node { id orderId settlementId"
                        + " firmId amount { fen } } } } }",
                f -> Map.of("id", f.customer)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.platformBalances", Probe.query(
                "{ platformBalances { id account balance { fen } } }", f -> Map.of()));
        rows.put("Query.trialBalance", Probe.query("{ trialBalance { id total { fen } lines } }", f -> Map.of()));
        rows.put("Query.reconciliation", Probe.query(
                "{ reconciliation { id providerRecords differences { operationId providerId } } }", f -> Map.of()));
        // Audit: the auditor's only.
        rows.put("Query.aggregateHistory", Probe.query(
                "query($id: ID!) { aggregateHistory(aggregateId: $id, first: 50) { edges { node { id payload"
                        + " metadata } } } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.auditEvents", Probe.query(
                "{ auditEvents(first: 100) { edges { node { id aggregateId payload metadata } } } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.customer, f.owner)));
        rows.put("Query.verifyEventStore", Probe.query(
                "{ verifyEventStore { id ok chainedThrough summary } }", f -> Map.of()));
        rows.put("Query.listingAsOf", Probe.query(
                "query($id: ID!, $at: DateTime) { listingAsOf(listingId: $id, at: $at) { id factoryFirmId } }",
                f -> Map.of("id", f.listing, "at", java.time.Instant.now().toString()))
                .alsoHiding(f -> List.of(f.owner)));
        rows.put("Mutation.placeOrder", Probe.mutation(
                "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId order { id buyerFirmId } } }",
                f -> Map.of("input", Map.of("orderId", f.placedOrder, "listingId", f.listing, "quantity", 1,
                        "windowFrom", day(6).toString(), "windowTo", day(6).toString())))
                .alsoHiding(f -> List.of(f.customer)));
        rows.put("Mutation.cancelOrder", orderMutation("cancelOrder", "OrderIdInput", f -> Map.of()));
        rows.put("Mutation.acceptOrder", orderMutation("acceptOrder", "OrderIdInput", f -> Map.of()));
        rows.put("Mutation.declineOrder", orderMutation("declineOrder", "DeclineOrderInput",
                f -> Map.of("note", "busy")));
        rows.put("Mutation.shipMaterials", orderMutation("shipMaterials", "ShipMaterialsInput",
                f -> Map.of("carrier", "SF", "trackingNumber", "SF" + UUID.randomUUID(),
                        "materials", List.of(Map.of("material", "caps", "quantity", 1)))));
        rows.put("Mutation.recordMaterialsReceived", orderMutation("recordMaterialsReceived",
                "RecordMaterialsReceivedInput", f -> Map.of("materials", List.of(Map.of("material", "caps",
                        "quantity", 1)))));
        rows.put("Mutation.startProduction", orderMutation("startProduction", "OrderIdInput", f -> Map.of()));
        rows.put("Mutation.reportProgress", orderMutation("reportProgress", "ReportProgressInput",
                f -> Map.of("reportId", "report-" + UUID.randomUUID(), "goodUnits", 1, "defectiveUnits", 0)));
        rows.put("Mutation.shipOrder", orderMutation("shipOrder", "ShipOrderInput",
                f -> Map.of("quantity", 1, "carrier", "SF", "trackingNumber", "SF" + UUID.randomUUID())));
        rows.put("Mutation.confirmReceipt", orderMutation("confirmReceipt", "OrderIdInput", f -> Map.of()));
        rows.put("Mutation.openDispute", orderMutation("openDispute", "OpenDisputeInput",
                f -> Map.of("reason", "bad stitching", "unitsContested", 1)));
        rows.put("Mutation.decideDispute", orderMutation("decideDispute", "DecideDisputeInput",
                f -> Map.of("refundToBuyerFen", 1, "note", "split")));
        rows.put("Mutation.payOrder", Probe.mutation(
                "mutation($id: ID!) { payOrder(orderId: $id) { orderId paymentId providerPaymentId payUrl payToken } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Mutation.setCommissionRate", Probe.mutation(
                "mutation { setCommissionRate(basisPoints: 9999) { id basisPoints } }", f -> Map.of()));
        rows.put("Mutation.exportAuditBundle", Probe.mutation(
                "mutation($from: DateTime!, $to: DateTime!) { exportAuditBundle(from: $from, to: $to) { url sha256 } }",
                f -> Map.of("from", "2020-01-01T00:00:00Z", "to", java.time.Instant.now().plusSeconds(60).toString())));
        // --- issue 7, replay branch: as-of and changes (AUDITOR only) ---------------------------------------------
        rows.put("Query.orderAsOf", Probe.query(
                "query($id: ID!) { orderAsOf(orderId: $id, globalIndex: 1000000) { id buyerFirmId status } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.settlementAsOf", Probe.query(
                "query($id: ID!) { settlementAsOf(orderId: $id, globalIndex: 1000000) { id buyerFirmId status } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.orderChanges", Probe.query("query($id: ID!) { orderChanges(orderId: $id,"
                + " from: {globalIndex: 0}, to: {globalIndex: 1000000}) { id changes { field before after } } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.settlementChanges", Probe.query("query($id: ID!) { settlementChanges(orderId: $id,"
                + " from: {globalIndex: 0}, to: {globalIndex: 1000000}) { id changes { field before after } } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Query.replayStatus", Probe.query("{ replayStatus { id readModel state } }", f -> Map.of()));
        rows.put("Mutation.startReplay", Probe.mutation(
                "mutation { startReplay(readModel: \"firm-views\") { id state } }", f -> Map.of()));
        // --- end of issue 7, replay branch ----------------------------------------------------------------------
        rows.put("Subscription.heartbeat", Probe.subscription("subscription { heartbeat(count: 1) }", f -> Map.of()));
        rows.put("Subscription.listingAvailabilityChanged", Probe.subscription(
                "subscription($id: ID!) { listingAvailabilityChanged(listingId: $id) { id factoryFirmId } }",
                f -> Map.of("id", f.listing)));
        rows.put("Subscription.orderUpdated", Probe.subscription(
                "subscription($id: ID!) { orderUpdated(orderId: $id) { id buyerFirmId factoryFirmId } }",
                f -> Map.of("id", f.placedOrder)).alsoHiding(f -> List.of(f.customer)));
        rows.put("Subscription.jobBoardUpdated", Probe.subscription(
                "subscription { jobBoardUpdated { id buyerFirmId factoryFirmId } }",
                f -> Map.of()).alsoHiding(f -> List.of(f.customer, f.owner)));
        return rows;
    }

    @LocalServerPort
    int port;

    @Autowired
    GraphQlSource graphQlSource;

    @Autowired
    EventStore eventStore;

    private static Fixture fixture;

    @Test
    void everyEntryPoint_hasARow() {
        var entryPoints = entryPoints().keySet();

        assertThat(new TreeSet<>(entryPoints))
                .as("every entry point needs a row in AccessMatrixIT.ROWS (and no row may outlive its entry point)")
                .containsExactlyElementsOf(new TreeSet<>(ROWS.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyCell_returnsNoForeignData() throws Exception {
        var f = fixture();
        var cells = new ArrayList<DynamicTest>();
        entryPoints().forEach((entryPoint, rule) -> {
            var probe = ROWS.get(entryPoint);
            if (probe == null) {
                return; // everyEntryPoint_hasARow fails for it
            }
            String field = entryPoint.substring(entryPoint.indexOf('.') + 1);
            cells.add(dynamicTest(entryPoint + " with no token",
                    () -> cell(probe, field, Actor.anonymous(), rule.anonymous() ? null : "UNAUTHENTICATED", f)));
            for (String role : List.of(Access.BUYER, Access.FACTORY)) {
                var foreign = new Actor("stranger-" + role.toLowerCase(), f.foreign, role);
                boolean allowed = rule.anonymous() || rule.allows(role);
                cells.add(dynamicTest(entryPoint + " as foreign " + role,
                        () -> cell(probe, field, foreign, allowed ? null : "FORBIDDEN", f)));
            }
            for (String role : Access.ROLES.stream().sorted().toList()) {
                if (!rule.anonymous() && !rule.allows(role)) {
                    var wrongRole = new Actor("owner-as-" + role.toLowerCase(), f.owner, role);
                    cells.add(dynamicTest(entryPoint + " as the owner's firm in the wrong role " + role,
                            () -> cell(probe, field, wrongRole, "FORBIDDEN", f)));
                }
            }
        });
        return cells.stream();
    }

    /** Sends the probe as {@code actor}: no private data of the owner, the expected refusal, no change by others. */
    private void cell(Probe probe, String field, Actor actor, String expectedCode, Fixture f) throws Exception {
        var variables = probe.variables().apply(f);
        long ownerEvents = events(f.owner);
        long listingEvents = events(f.listing);
        long orderEvents = events(f.placedOrder);
        long settlementEvents = events(SettlementIds.forOrder(f.placedOrder));

        String body = probe.kind() == Kind.SUBSCRIPTION
                ? subscribe(probe.document(), variables, actor, expectedCode != null)
                : post(probe.document(), variables, actor);

        var hidden = new ArrayList<>(f.privateMarkers());
        hidden.addAll(probe.hiding().apply(f));
        for (String marker : hidden) {
            assertThat(body).as("%s must not show %s", field, marker).doesNotContain(marker);
        }
        JsonNode json = JSON.readTree(body);
        if (expectedCode != null) {
            assertThat(json.at("/errors/0/extensions/code").asText()).as(body).isEqualTo(expectedCode);
            var data = json.path("data").path(field);
            assertThat(data.isMissingNode() || data.isNull()).as(body).isTrue();
        }
        if (probe.kind() == Kind.MUTATION && !probe.publicDataByDesign()) {
            assertThat(events(f.owner)).as("the owner's firm unchanged by %s", actor).isEqualTo(ownerEvents);
            assertThat(events(f.listing)).as("the owner's listing unchanged by %s", actor).isEqualTo(listingEvents);
            assertThat(events(f.placedOrder)).as("the owner's order unchanged by %s", actor).isEqualTo(orderEvents);
            assertThat(events(SettlementIds.forOrder(f.placedOrder)))
                    .as("the owner's settlement unchanged by %s", actor).isEqualTo(settlementEvents);
            if (expectedCode == null) {
                assertThat(json.path("errors").isArray()).as("a foreign change is refused: " + body).isTrue();
            }
        }
    }

    // --- the owner's data ----------------------------------------------------------------------------------------------

    /**
     * The owner: a factory firm with a listing on which its customer holds a reservation; a foreign firm (buyer and
     * factory). The owner's private data: its registration (code, contacts) and its customer's order id.
     */
    private Fixture fixture() throws Exception {
        if (fixture != null) {
            return fixture;
        }
        var f = new Fixture(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "listing-" + UUID.randomUUID(), "order-secret-" + UUID.randomUUID(),
                "秘密工厂" + UUID.randomUUID().toString().substring(0, 6), UsccTestCodes.next(),
                "139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000),
                "联系人" + UUID.randomUUID().toString().substring(0, 6), "order-placed-secret-" + UUID.randomUUID());
        var owner = new Actor("owner", f.owner, Access.FACTORY);
        ok(post("mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }",
                Map.of("input", Map.of("firmId", f.owner, "name", f.ownerName, "uscc", f.ownerUscc,
                        "roles", List.of("FACTORY"), "contactName", f.ownerContact, "contactPhone", f.ownerPhone)),
                owner));
        var customer = new Actor("customer", f.customer, Access.BUYER);
        ok(post("mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }",
                Map.of("input", Map.of("firmId", f.customer, "name", "客户", "uscc", UsccTestCodes.next(),
                        "roles", List.of("BUYER"), "contactName", "客", "contactPhone", "13900000001")),
                customer));
        var stranger = new Actor("stranger", f.foreign, Access.FACTORY);
        ok(post("mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }",
                Map.of("input", Map.of("firmId", f.foreign, "name", "外人", "uscc", UsccTestCodes.next(),
                        "roles", List.of("BUYER", "FACTORY"), "contactName", "外", "contactPhone", "13900000002")),
                stranger));
        ok(post("mutation($input: PublishListingInput!) { publishListing(input: $input) { listingId } }",
                Map.of("input", publication(f.listing, 150)), owner));
        ok(post("mutation($input: ReserveCapacityInput!) { reserveCapacity(input: $input) { reservation { id } } }",
                Map.of("input", Map.of("listingId", f.listing, "orderId", f.order, "quantity", 2,
                        "from", day(3).toString(), "to", day(3).toString())), customer));
        placeAndPay(f, customer);
        fixture = f;
        return f;
    }

    /**
     * The customer places {@code placedOrder} on the owner's listing, waits for its capacity, pays it at the sandbox
     * provider and waits until its settlement holds the money: an order, a settlement and ledger lines of the owner's
     * business that no other firm may see or change.
     */
    private void placeAndPay(Fixture f, Actor customer) throws Exception {
        ok(post("mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { orderId } }",
                Map.of("input", Map.of("orderId", f.placedOrder, "listingId", f.listing, "quantity", 5,
                        "windowFrom", day(1).toString(), "windowTo", day(5).toString())), customer));
        awaitAnswer("query($id: ID!) { order(id: $id) { status } }", Map.of("id", f.placedOrder), customer,
                json -> "PAYMENT_DUE".equals(json.at("/data/order/status").asText()));
        var settlementQuery = "query($id: ID!) { settlement(orderId: $id) { status } }";
        awaitAnswer(settlementQuery, Map.of("id", f.placedOrder), customer,
                json -> "PAYMENT_DUE".equals(json.at("/data/settlement/status").asText()));
        var pay = JSON.readTree(post("mutation($id: ID!) { payOrder(orderId: $id) { payUrl } }",
                Map.of("id", f.placedOrder), customer));
        assertThat(pay.has("errors")).as(pay.toString()).isFalse();
        var paid = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(pay.at("/data/payOrder/payUrl").asText()))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(paid.statusCode()).isEqualTo(200);
        awaitAnswer(settlementQuery, Map.of("id", f.placedOrder), customer,
                json -> "PAID".equals(json.at("/data/settlement/status").asText()));
        awaitAnswer("query($id: ID!) { firmStatement(firmId: $id) { edges { node { kind } } } }",
                Map.of("id", f.customer), customer, json -> json.toString().contains("PAYMENT_CAPTURED"));
    }

    private void awaitAnswer(String document, Map<String, Object> variables, Actor actor,
            java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(post(document, variables, actor));
            if (done.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 30 s: " + document + " " + variables + "; last " + last);
    }

    record Fixture(
            String owner,
            String customer,
            String foreign,
            String listing,
            String order,
            String ownerName,
            String ownerUscc,
            String ownerPhone,
            String ownerContact,
            String placedOrder) {

        /** The owner's registration, its customer's reservation and its customer's order (and so its settlement). */
        List<String> privateMarkers() {
            return List.of(ownerUscc, ownerPhone, ownerContact, order, placedOrder);
        }
    }

    enum Kind {
        QUERY,
        MUTATION,
        SUBSCRIPTION
    }

    /** What one row sends, and what, besides the owner's private data, it must never show. */
    record Probe(
            Kind kind,
            String document,
            Function<Fixture, Map<String, Object>> variables,
            Function<Fixture, List<String>> hiding,
            boolean publicDataByDesign) {

        static Probe query(String document, Function<Fixture, Map<String, Object>> variables) {
            return new Probe(Kind.QUERY, document, variables, f -> List.of(), false);
        }

        static Probe mutation(String document, Function<Fixture, Map<String, Object>> variables) {
            return new Probe(Kind.MUTATION, document, variables, f -> List.of(), false);
        }

        static Probe subscription(String document, Function<Fixture, Map<String, Object>> variables) {
            return new Probe(Kind.SUBSCRIPTION, document, variables, f -> List.of(), false);
        }

        Probe alsoHiding(Function<Fixture, List<String>> more) {
            return new Probe(kind, document, variables, more, publicDataByDesign);
        }

        /**
         * Allowed for any caller in an allowed role by design: it changes no firm's data (ping), or only uses another
         * firm's public offer (a buyer reserving a factory's capacity).
         */
        Probe actsOnPublicData() {
            return new Probe(kind, document, variables, hiding, true);
        }
    }

    private static Probe listingMutation(String field, String inputType, Function<Fixture, Map<String, Object>> input) {
        return Probe.mutation("mutation($input: " + inputType + "!) { " + field + "(input: $input) " + LISTING_PAYLOAD
                + " }", f -> Map.of("input", input.apply(f)));
    }

    /** An order mutation aimed at the customer's order of the owner's listing; {@code more} completes its input. */
    private static Probe orderMutation(
            String field, String inputType, Function<Fixture, Map<String, Object>> more) {
        return Probe.mutation("mutation($input: " + inputType + "!) { " + field
                        + "(input: $input) { orderId pending order { id buyerFirmId status } } }",
                f -> {
                    var input = new LinkedHashMap<String, Object>(more.apply(f));
                    input.put("orderId", f.placedOrder);
                    return Map.of("input", input);
                }).alsoHiding(f -> List.of(f.customer));
    }

    private static Map<String, Object> publication(String listingId, long price) {
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listingId);
        input.put("stepCode", "headwear.embroidery");
        input.put("unit", "piece");
        input.put("unitPriceFen", price);
        input.put("minOrderQuantity", 1);
        input.put("dailyCapacity", 10);
        input.put("bookableFrom", day(1).toString());
        input.put("bookableTo", day(30).toString());
        input.put("leadTimeDays", 0);
        input.put("province", "山东");
        input.put("city", "青岛");
        input.put("qualityStandard", "GB/T 2912");
        return input;
    }

    private static LocalDate day(int offset) {
        return LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(offset);
    }

    // --- plumbing ------------------------------------------------------------------------------------------------------

    /** Root fields of the running schema with their {@code @access} rule. */
    private Map<String, EntryPointRule> entryPoints() {
        var schema = graphQlSource.schema();
        var entryPoints = new LinkedHashMap<String, EntryPointRule>();
        Stream.of(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())
                .filter(Objects::nonNull)
                .forEach((GraphQLObjectType type) -> type.getFieldDefinitions().forEach(field -> entryPoints.put(
                        type.getName() + "." + field.getName(), EntryPointRule.of(field).orElse(EntryPointRule.NOBODY))));
        return entryPoints;
    }

    private long events(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().count();
    }

    private static void ok(String body) throws Exception {
        assertThat(JSON.readTree(body).has("errors")).as(body).isFalse();
    }

    private String post(String document, Map<String, Object> variables, Actor actor) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("query", document, "variables", variables))));
        if (Access.signedIn(actor)) {
            request.header("Authorization", "Bearer " + GraphQlClients.token(port, actor));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Subscribes over WebSocket: a refused subscription answers one error; an allowed one is listened to for a moment
     * and what it sent is answered as {@code {"data": [...]}}.
     */
    private String subscribe(String document, Map<String, Object> variables, Actor actor, boolean refused)
            throws Exception {
        var socket = GraphQlClients.webSocket(port, actor);
        try {
            var request = socket.document(document);
            variables.forEach(request::variable);
            if (refused) {
                var errors = new ArrayList<Map<String, Object>>();
                request.execute().errors().satisfy(list -> list.forEach(error -> errors.add(Map.of(
                        "message", String.valueOf(error.getMessage()), "extensions", error.getExtensions()))));
                return JSON.writeValueAsString(Map.of("errors", errors));
            }
            var heard = request.executeSubscription().toFlux()
                    .take(Duration.ofMillis(1500))
                    .map(response -> response.path("").entity(Object.class).get())
                    .collectList()
                    .block(Duration.ofSeconds(10));
            return JSON.writeValueAsString(Map.of("data", heard == null ? List.of() : heard));
        } finally {
            socket.stop().block(Duration.ofSeconds(5));
        }
    }
}
