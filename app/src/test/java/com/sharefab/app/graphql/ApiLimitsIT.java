package com.sharefab.app.graphql;

import static com.sharefab.app.graphql.RawHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import com.sharefab.query.listing.UnpaidReservations;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * Every abuse limit refuses with its own {@code extensions.code}, while ordinary requests pass. The limits are set
 * low here so small documents reach them; the same code runs with the production values.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.graphql.limits.max-depth=4",
            "sharefab.graphql.limits.max-complexity=300",
            "sharefab.graphql.limits.max-aliases=3",
            "sharefab.graphql.limits.max-repeated-fields=2",
            "sharefab.graphql.limits.max-operations=2",
            "sharefab.graphql.limits.max-document-bytes=2000",
            "sharefab.graphql.limits.max-request-bytes=4000",
            "sharefab.graphql.limits.timeout=1s",
            "sharefab.graphql.limits.mutations-per-firm.limit-for-period=5",
            "sharefab.graphql.limits.mutations-per-firm.period=60s",
            "sharefab.reservations.max-unpaid-per-buyer=2"
        })
@DirtiesContext // its own context: closed after the class, so it never runs beside the shared one
class ApiLimitsIT {

    @LocalServerPort
    int port;

    @Autowired
    UnpaidReservations unpaid;

    private RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void ordinaryQueries_withinEveryLimit_answer() {
        var steps = http.query("{ steps { id nameEn } }");
        var search = http.query("query Search { listings(first: 5) { edges { node { id city } } } }");

        assertThat(steps.hasErrors()).as(steps.body().toString()).isFalse();
        assertThat(steps.body().at("/data/steps").size()).isPositive();
        assertThat(search.hasErrors()).as(search.body().toString()).isFalse();
        assertThat(http.query("{ __typename }").hasErrors()).as("__typename is no introspection").isFalse();
    }

    @Test
    void tooDeep_isMaxDepthExceeded() {
        assertThat(http.query("{ listings { edges { node { step { id } } } } }").code()).isEqualTo("MAX_DEPTH_EXCEEDED");
    }

    @Test
    void tooComplex_bigPageOfManyFields_isMaxComplexityExceeded() {
        assertThat(http.query("{ listings(first: 100) { edges { node { id city province unit status } } } }").code())
                .isEqualTo("MAX_COMPLEXITY_EXCEEDED");
    }

    @Test
    void tooManyAliases_isTooManyAliases() {
        assertThat(http.query("{ a: platform { id } b: platform { id } c: platform { id } d: platform { id } }").code())
                .isEqualTo("TOO_MANY_ALIASES");
    }

    @Test
    void oneFieldRepeated_isTooManyRepeatedFields() {
        assertThat(http.query("{ steps { id id id } }").code()).isEqualTo("TOO_MANY_REPEATED_FIELDS");
    }

    @Test
    void threeOperationsInADocument_isTooManyOperations() {
        var response = http.post(Map.of(
                "query", "query A { steps { id } } query B { steps { id } } query C { steps { id } }",
                "operationName", "A"), null);

        assertThat(response.code()).isEqualTo("TOO_MANY_OPERATIONS");
    }

    @Test
    void batchOfOperations_isTooManyOperations() {
        var response = http.post("[" + json(Map.of("query", "{ steps { id } }")) + ","
                + json(Map.of("query", "{ industries { id } }")) + "]", null, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("TOO_MANY_OPERATIONS");
    }

    @Test
    void bigDocument_isDocumentTooLarge() {
        var padding = "#" + "x".repeat(2100) + "\n";

        assertThat(http.query(padding + "{ steps { id } }").code()).isEqualTo("DOCUMENT_TOO_LARGE");
    }

    @Test
    void bigBody_isRequestTooLarge() {
        var response = http.post(Map.of("query", "{ steps { id } }", "variables", Map.of("x", "y".repeat(5000))), null);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void slowRequest_isStoppedWithRequestTimeout() {
        long started = System.nanoTime();

        var response = http.query("{ platform { id } }");

        assertThat(response.code()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void introspection_outsideTheDevProfile_isIntrospectionDisabled() {
        assertThat(http.query("{ __schema { types { name } } }").code()).isEqualTo("INTROSPECTION_DISABLED");
        assertThat(http.query("{ __type(name: \"Listing\") { name } }").code()).isEqualTo("INTROSPECTION_DISABLED");
    }

    @Test
    void misspelledField_errorSuggestsNothing() {
        var response = http.query("{ listingz { edges { node { id } } } }");

        assertThat(response.code()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
        assertThat(response.body().toString()).doesNotContain("Did you mean").doesNotContain("listings");
    }

    @Test
    void graphiQl_outsideTheDevProfile_isNotServed() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/graphiql"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void mutationsOfOneFirm_overTheRate_areRateLimited_otherFirmsUnaffected() {
        var firm = GraphQlClients.token(port, GraphQlClients.actor(UUID.randomUUID().toString(), "BUYER"));
        var other = GraphQlClients.token(port, GraphQlClients.actor(UUID.randomUUID().toString(), "BUYER"));
        var ping = Map.<String, Object>of("query", "mutation { ping }");

        for (int i = 0; i < 5; i++) {
            var response = http.post(ping, firm);
            assertThat(response.hasErrors()).as("ping %d: %s", i, response.body()).isFalse();
        }
        assertThat(http.post(ping, firm).code()).isEqualTo("RATE_LIMITED");
        assertThat(http.post(ping, other).hasErrors()).isFalse();
        // Aliased mutations in one request each count.
        assertThat(http.post(Map.of("query", "mutation { a: ping b: ping }"), GraphQlClients.token(
                port, GraphQlClients.actor(UUID.randomUUID().toString(), "BUYER"))).hasErrors()).isFalse();
    }

    @Test
    void reserveCapacity_beyondTheBuyersUnpaidReservations_isUnpaidReservationLimit() throws Exception {
        var factoryId = UUID.randomUUID().toString();
        var factory = GraphQlClients.actor(factoryId, "FACTORY");
        var buyer = GraphQlClients.actor(UUID.randomUUID().toString(), "BUYER");
        register(factory, "FACTORY");
        register(buyer, "BUYER");
        var listingId = "listing-" + UUID.randomUUID();
        publish(factory, listingId);

        assertThat(reserve(buyer, listingId, "order-1").at("/data/reserveCapacity/reservation/id").isTextual()).isTrue();
        assertThat(reserve(buyer, listingId, "order-2").at("/data/reserveCapacity/reservation/id").isTextual()).isTrue();
        awaitHeld(buyer.firmId(), 2);

        var third = reserve(buyer, listingId, "order-3");
        assertThat(third.at("/errors/0/extensions/code").asText()).isEqualTo("UNPAID_RESERVATION_LIMIT");
        // A retry of a reservation it holds is no new reservation.
        assertThat(reserve(buyer, listingId, "order-2").has("errors")).isFalse();
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    private void register(Actor actor, String role) {
        var input = Map.<String, Object>of(
                "firmId", actor.firmId(), "name", "限额测试" + actor.firmId().substring(0, 4), "uscc", UsccTestCodes.next(),
                "roles", List.of(role), "contactName", "王", "contactPhone", "13800000000");
        var response = http.post(Map.of("query",
                "mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { firmId } }",
                "variables", Map.of("input", input)), GraphQlClients.token(port, actor));
        assertThat(response.hasErrors()).as(response.body().toString()).isFalse();
    }

    private void publish(Actor factory, String listingId) {
        var today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listingId);
        input.put("stepCode", "headwear.embroidery");
        input.put("unit", "piece");
        input.put("unitPriceFen", 150);
        input.put("minOrderQuantity", 1);
        input.put("dailyCapacity", 100);
        input.put("bookableFrom", today.plusDays(1).toString());
        input.put("bookableTo", today.plusDays(30).toString());
        input.put("leadTimeDays", 0);
        input.put("province", "山东");
        input.put("city", "青岛");
        input.put("qualityStandard", "GB/T 2912");
        var response = http.post(Map.of("query",
                "mutation($input: PublishListingInput!) { publishListing(input: $input) { listingId } }",
                "variables", Map.of("input", input)), GraphQlClients.token(port, factory));
        assertThat(response.hasErrors()).as(response.body().toString()).isFalse();
    }

    private com.fasterxml.jackson.databind.JsonNode reserve(Actor buyer, String listingId, String orderId) {
        var day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString();
        return http.post(Map.of("query",
                "mutation($input: ReserveCapacityInput!) { reserveCapacity(input: $input) { reservation { id } } }",
                "variables", Map.of("input", Map.of(
                        "listingId", listingId, "orderId", orderId, "quantity", 1, "from", day, "to", day))),
                GraphQlClients.token(port, buyer)).body();
    }

    private void awaitHeld(String buyerFirmId, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (unpaid.count(buyerFirmId) < count) {
            assertThat(System.nanoTime()).as("projected within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Makes {@code platform} slow, to see the timeout stop it. */
    @TestConfiguration
    static class SlowPlatform {

        @Bean
        SimplePerformantInstrumentation slowPlatform() {
            return new SimplePerformantInstrumentation() {
                @Override
                public DataFetcher<?> instrumentDataFetcher(
                        DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
                    if (!"platform".equals(parameters.getExecutionStepInfo().getFieldDefinition().getName())
                            || parameters.getExecutionStepInfo().getPath().getLevel() != 1) {
                        return fetcher;
                    }
                    return env -> {
                        Thread.sleep(4000);
                        return fetcher.get(env);
                    };
                }
            };
        }
    }
}
