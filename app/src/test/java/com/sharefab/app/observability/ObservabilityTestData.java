package com.sharefab.app.observability;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** A factory with a listing and a buyer, for the observability ITs. */
final class ObservabilityTestData {

    private ObservabilityTestData() {}

    static LocalDate day(int offset) {
        return LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(offset);
    }

    /** Registers a firm in {@code role} and answers a client acting for it. */
    static HttpGraphQlTester aFirmActingAs(int port, String role) {
        var firmId = UUID.randomUUID().toString();
        var actor = GraphQlClients.actor(firmId, role);
        GraphQlClients.as(port, actor) // a firm signs up with its own token
                .documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId,
                        "name", "观测工厂" + firmId.substring(0, 4),
                        "uscc", UsccTestCodes.next(),
                        "roles", List.of(role),
                        "contactName", "王伟",
                        "contactPhone", "+86 532 8888 1234"))
                .execute()
                .errors().verify();
        return GraphQlClients.as(port, actor);
    }

    /** A publication of 10 units a day from tomorrow for 5 days. */
    static Map<String, Object> aPublication(String listingId) {
        var input = new LinkedHashMap<String, Object>();
        input.put("listingId", listingId);
        input.put("stepCode", "headwear.embroidery");
        input.put("unit", "piece");
        input.put("unitPriceFen", 150);
        input.put("minOrderQuantity", 1);
        input.put("dailyCapacity", 10);
        input.put("bookableFrom", day(1).toString());
        input.put("bookableTo", day(5).toString());
        input.put("closedDays", List.of());
        input.put("leadTimeDays", 0);
        input.put("province", "山东");
        input.put("city", "青岛");
        input.put("requiredMaterials", List.of("caps"));
        input.put("qualityStandard", "GB/T 2912");
        return input;
    }

    static String aListingId() {
        return "listing-" + UUID.randomUUID();
    }

    /** Publishes a listing as {@code factory} and answers its id. */
    static String publishListing(HttpGraphQlTester factory) {
        var listingId = aListingId();
        factory.documentName("publishListing")
                .variable("input", aPublication(listingId))
                .execute()
                .errors().verify()
                .path("publishListing.listing.id").entity(String.class).isEqualTo(listingId);
        return listingId;
    }

    /** Asks for more than the listing has (10 a day for 5 days): answers the rejection's reason. */
    static String reserveTooMuch(HttpGraphQlTester buyer, String listingId) {
        return buyer.documentName("reserveCapacity")
                .variable("input", Map.of(
                        "listingId", listingId,
                        "orderId", "order-" + UUID.randomUUID(),
                        "quantity", 1000,
                        "from", day(1).toString(),
                        "to", day(5).toString()))
                .execute()
                .errors().verify()
                .path("reserveCapacity.rejection.reason").entity(String.class).get();
    }
}
