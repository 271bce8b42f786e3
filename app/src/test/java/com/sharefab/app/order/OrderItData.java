package com.sharefab.app.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Firms, listings and orders for the order ITs, and the shapes their answers are read into. */
final class OrderItData {

    static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");
    private static final java.net.http.HttpClient SANDBOX = java.net.http.HttpClient.newHttpClient();

    private OrderItData() {}

    static LocalDate day(int offset) {
        return LocalDate.now(CALENDAR).plusDays(offset);
    }

    static String anOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /**
     * Registers a firm in {@code role}, signed in as one of its users with a token for that firm and role (as the
     * identity provider would issue it), and answers that user's actor.
     */
    static Actor registerFirm(int port, String role) {
        var firmId = UUID.randomUUID().toString();
        var actor = GraphQlClients.actor(firmId, role);
        GraphQlClients.as(port, actor).documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId,
                        "name", "胶州帽业" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(),
                        "roles", List.of(role),
                        "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234"))
                .execute()
                .errors().verify()
                .path("registerFirm.firmId").entity(String.class).isEqualTo(firmId);
        // On a loaded machine the answer may be "pending": an order needs the firm in the read model, so wait.
        awaitNonNull(() -> GraphQlClients.as(port, actor).document("query($id: ID!) { firm(id: $id) { id } }")
                .variable("id", firmId).execute().path("firm").valueIsNull(), "firm " + firmId + " projected");
        return actor;
    }

    /** Publishes embroidery at 1.50 CNY, {@code dailyCapacity} a day from tomorrow for 30 days, no lead time. */
    static String publishListing(int port, Actor factory, long dailyCapacity) {
        var listingId = "listing-" + UUID.randomUUID();
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listingId);
        input.put("stepCode", "headwear.embroidery");
        input.put("unit", "piece");
        input.put("unitPriceFen", 150);
        input.put("minOrderQuantity", 1);
        input.put("dailyCapacity", dailyCapacity);
        input.put("bookableFrom", day(1).toString());
        input.put("bookableTo", day(30).toString());
        input.put("leadTimeDays", 0);
        input.put("province", "山东");
        input.put("city", "青岛");
        input.put("requiredMaterials", List.of("caps", "thread"));
        input.put("qualityStandard", "GB/T 2912");
        GraphQlClients.as(port, factory).documentName("publishListing")
                .variable("input", input)
                .execute()
                .errors().verify()
                .path("publishListing.listingId").entity(String.class).isEqualTo(listingId);
        awaitNonNull(() -> GraphQlClients.http(port).document("query($id: ID!) { listing(id: $id) { id } }")
                .variable("id", listingId).execute().path("listing").valueIsNull(), "listing " + listingId + " projected");
        return listingId;
    }

    /** A placement of {@code quantity} units inside days 1 to 5, with caps and thread, in-house cost 2.20 CNY. */
    static Map<String, Object> aPlacement(String orderId, String listingId, long quantity) {
        var input = new LinkedHashMap<String, Object>();
        input.put("orderId", orderId);
        input.put("listingId", listingId);
        input.put("quantity", quantity);
        input.put("windowFrom", day(1).toString());
        input.put("windowTo", day(5).toString());
        input.put("materials", List.of(Map.of("material", "caps", "quantity", quantity + 10),
                Map.of("material", "thread", "quantity", 3)));
        input.put("inHouseUnitCostFen", 220);
        return input;
    }

    /**
     * Places and answers the order once the booking process recorded the reservation's outcome: as the mutation
     * answered it when it came within its wait, else as read afterwards.
     */
    static Order placeAndAwaitOutcome(HttpGraphQlTester buyer, Map<String, Object> placement) {
        var payload = place(buyer, placement);
        if (payload.order() != null && !payload.order().status().equals("PLACED")) {
            return payload.order();
        }
        return awaitOrder(buyer, payload.orderId(), o -> !o.status().equals("PLACED"), "reservation outcome");
    }

    /** Sends an order mutation and answers the order as the read model shows it once {@code done} holds. */
    static Order mutateAndAwait(
            HttpGraphQlTester actor, String mutation, Map<String, Object> input, Predicate<Order> done) {
        var payload = mutate(actor, mutation, input);
        if (payload.order() != null && done.test(payload.order())) {
            return payload.order();
        }
        return awaitOrder(actor, payload.orderId(), done, mutation + " projected");
    }

    /** The order once {@code condition} holds of it (30 s at most). */
    static Order awaitOrder(HttpGraphQlTester actor, String orderId, Predicate<Order> condition, String what) {
        try {
            return eventually(Duration.ofSeconds(30), () -> {
                var order = actor.documentName("order").variable("id", orderId).execute().errors().verify()
                        .path("order").entity(Order.class);
                try {
                    return order.get();
                } catch (AssertionError nullOrder) {
                    return null;
                }
            }, o -> o != null && condition.test(o), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitNonNull(Runnable assertNull, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertNull.run();
            } catch (AssertionError notNull) {
                return; // the value is there
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The buyer pays an order as a phone would: {@code payOrder} (asked again while the booking process is still
     * opening the settlement), then the one call at the sandbox provider's pay URL.
     */
    static void pay(HttpGraphQlTester buyer, String orderId) {
        try {
            var payUrl = eventually(Duration.ofSeconds(30), () -> {
                var response = buyer.documentName("payOrder").variable("orderId", orderId).execute();
                var errors = new java.util.ArrayList<ResponseError>();
                response.errors().satisfy(errors::addAll);
                return errors.isEmpty() ? response.path("payOrder.payUrl").entity(String.class).get() : null;
            }, url -> url != null, "payOrder answered a payment");
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(payUrl))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build();
            assertThat(SANDBOX.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("the sandbox took the payment").isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new AssertionError("the sandbox could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Payload place(HttpGraphQlTester buyer, Map<String, Object> placement) {
        return buyer.documentName("placeOrder").variable("input", placement).execute()
                .errors().verify()
                .path("placeOrder").entity(Payload.class).get();
    }

    /** Sends an order mutation with {@code {orderId}} as input and answers its payload. */
    static Payload mutate(HttpGraphQlTester actor, String mutation, Map<String, Object> input) {
        return actor.documentName(mutation).variable("input", input).execute()
                .errors().verify()
                .path(mutation).entity(Payload.class).get();
    }

    static Order order(HttpGraphQlTester actor, String orderId) {
        return actor.documentName("order").variable("id", orderId).execute()
                .errors().verify()
                .path("order").entity(Order.class).get();
    }

    /** The only error of a response, expected. */
    static ResponseError singleError(GraphQlTester.Response response) {
        var errors = new java.util.ArrayList<ResponseError>();
        response.errors().satisfy(errors::addAll);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    /** The units reserved on {@code day} as the listing read model shows them. */
    static long reservedOn(int port, String listingId, LocalDate day) {
        return GraphQlClients.http(port)
                .document("query($id: ID!, $d: Date) { listing(id: $id) { days(from: $d, to: $d) { reserved } } }")
                .variable("id", listingId)
                .variable("d", day.toString())
                .execute()
                .path("listing.days[0].reserved").entity(Long.class).get();
    }

    /** Asks until {@code condition} holds of what {@code read} answers, or fails after {@code timeout}. */
    static <T> T eventually(Duration timeout, Supplier<T> read, Predicate<T> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; last seen " + value);
            }
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payload(String orderId, boolean pending, Order order) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Order(
            String id,
            String status,
            String buyerFirmId,
            String factoryFirmId,
            String listingId,
            long quantity,
            Price unitPrice,
            Price amount,
            Saving saving,
            String firstProductionDay,
            String dueDate,
            String payBy,
            String endReason,
            List<Custody> materials,
            boolean materialsBalanced,
            List<Entry> timeline) {

        List<String> steps() {
            return timeline.stream().map(Entry::what).toList();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Price(long fen, String currency, String yuan) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fen(long fen) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Saving(Fen perUnit, Fen total, double percent) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Custody(String material, long planned, long shipped, long received, long unaccounted) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String what, String actorId, String actorFirmId, String actorRole, String at) {}
}
