package com.sharefab.app.listing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Firms, publications and reservations for the listing ITs, and the shapes their answers are read into. */
final class ListingTestData {

    /** The listing calendar: "today" and every production day are days in Shanghai. */
    static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");

    static final String EMBROIDERY = "headwear.embroidery";
    static final String WEBBING = "headwear.webbing";
    static final String CNC = "general.cnc-machining";

    private ListingTestData() {}

    static LocalDate today() {
        return LocalDate.now(CALENDAR);
    }

    /** Today plus {@code offset} days, in the listing calendar. */
    static LocalDate day(int offset) {
        return today().plusDays(offset);
    }

    static String aListingId() {
        return "listing-" + UUID.randomUUID();
    }

    static String anOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /** A city no other test uses, so a search scoped to it sees only this test's listings. */
    static String aCity() {
        return "城" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers a firm in these roles (BUYER, FACTORY), signed in as its first user, and answers its id. */
    static String registerFirm(int port, String... roles) {
        var firmId = UUID.randomUUID().toString();
        actingFor(port, firmId, roles[0]).documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId,
                        "name", "胶州共享工厂" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(),
                        "roles", List.of(roles),
                        "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234"))
                .execute()
                .path("registerFirm.firm.id").entity(String.class).isEqualTo(firmId);
        return firmId;
    }

    /** A client of the app on {@code port} acting for {@code firmId} in {@code role}, with a token for that. */
    static HttpGraphQlTester actingFor(int port, String firmId, String role) {
        return GraphQlClients.as(port, GraphQlClients.actor(firmId, role));
    }

    /**
     * A valid publication, to change before sending: embroidery at 1.50 CNY, 100 a day from tomorrow for 30 days, no
     * lead time, in Qingdao.
     */
    static Map<String, Object> aPublication(String listingId) {
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listingId);
        input.put("stepCode", EMBROIDERY);
        input.put("unit", "piece");
        input.put("unitPriceFen", 150);
        input.put("minOrderQuantity", 1);
        input.put("dailyCapacity", 100);
        input.put("bookableFrom", day(1).toString());
        input.put("bookableTo", day(30).toString());
        input.put("closedDays", List.of());
        input.put("leadTimeDays", 0);
        input.put("province", "山东");
        input.put("city", "青岛");
        input.put("requiredMaterials", List.of("caps", "thread"));
        input.put("qualityStandard", "GB/T 2912");
        return input;
    }

    static Map<String, Object> aReservation(
            String listingId, String orderId, long quantity, LocalDate from, LocalDate to) {
        return Map.of(
                "listingId", listingId,
                "orderId", orderId,
                "quantity", quantity,
                "from", from.toString(),
                "to", to.toString());
    }

    /** Publishes and answers the listing as projected (the mutation waits for its projection). */
    static Listing publish(HttpGraphQlTester factory, Map<String, Object> publication) {
        return factory.documentName("publishListing")
                .variable("input", publication)
                .execute()
                .errors().verify()
                .path("publishListing.listing").entity(Listing.class).get();
    }

    /** Sends {@code reserveCapacity}: errors are not expected, the payload holds a reservation or a rejection. */
    static ReservePayload reserve(HttpGraphQlTester buyer, Map<String, Object> reservation) {
        return buyer.documentName("reserveCapacity")
                .variable("input", reservation)
                .execute()
                .errors().verify()
                .path("reserveCapacity").entity(ReservePayload.class).get();
    }

    /** The listing with its days in [from, to] (the bookable range with nulls); it must exist. */
    static Listing listing(HttpGraphQlTester graphQl, String listingId, LocalDate from, LocalDate to) {
        return graphQl.documentName("listing")
                .variable("id", listingId)
                .variable("from", from == null ? null : from.toString())
                .variable("to", to == null ? null : to.toString())
                .execute()
                .errors().verify()
                .path("listing").entity(Listing.class).get();
    }

    /** The single error of a response that must fail, for asserting its code and field. */
    static ResponseError singleError(GraphQlTester.Response response) {
        var error = new AtomicReference<ResponseError>();
        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            error.set(errors.get(0));
        });
        return error.get();
    }

    /** Every listing {@code listings} returns for this filter and sort, walked {@code pageSize} at a time. */
    static List<Card> search(HttpGraphQlTester graphQl, Map<String, Object> filter, String sort, int pageSize) {
        var cards = new ArrayList<Card>();
        String after = null;
        for (int page = 0; page < 200; page++) {
            var response = graphQl.documentName("listings")
                    .variable("filter", filter)
                    .variable("sort", sort)
                    .variable("first", pageSize)
                    .variable("after", after)
                    .execute()
                    .errors().verify();
            var nodes = response.path("listings.edges[*].node").entityList(Card.class).get();
            assertThat(nodes).hasSizeLessThanOrEqualTo(pageSize);
            cards.addAll(nodes);
            assertThat(response.path("listings.pageInfo.hasPreviousPage").entity(Boolean.class).get())
                    .isEqualTo(after != null);
            if (!response.path("listings.pageInfo.hasNextPage").entity(Boolean.class).get()) {
                return cards;
            }
            after = response.path("listings.pageInfo.endCursor").entity(String.class).get();
        }
        throw new AssertionError("more than 200 pages");
    }

    /** Ids of the cards, in order. */
    static List<String> ids(List<Card> cards) {
        return cards.stream().map(Card::id).toList();
    }

    /** GraphQL {@code Listing}, as the ITs select it. */
    record Listing(
            String id,
            String factoryFirmId,
            Step step,
            String unit,
            Price unitPrice,
            long minOrderQuantity,
            long dailyCapacity,
            String bookableFrom,
            String bookableTo,
            List<String> closedDays,
            int leadTimeDays,
            String province,
            String city,
            List<String> requiredMaterials,
            String qualityStandard,
            String status,
            String earliestFreeDay,
            List<Day> days,
            String publishedAt) {

        Day day(LocalDate date) {
            return days.stream()
                    .filter(day -> day.date().equals(date.toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no day " + date + " in " + days));
        }
    }

    record Step(String id, String industryCode) {}

    record Price(long fen, String currency, String yuan) {}

    /** GraphQL {@code ListingDay}. */
    record Day(String id, String date, boolean closed, long capacity, long reserved, long free) {}

    /** A node of the {@code listings} connection, as the catalog shows it. */
    record Card(
            String id,
            Step step,
            Price unitPrice,
            int leadTimeDays,
            String earliestFreeDay,
            String province,
            String city,
            String status) {}

    /** GraphQL {@code ReserveCapacityPayload}. */
    record ReservePayload(String listingId, String orderId, Reservation reservation, Rejection rejection) {}

    record Reservation(String id, long quantity, Price unitPrice, List<Allocation> allocations) {}

    record Allocation(String date, long quantity) {}

    record Rejection(String id, String reason, String message) {}
}
