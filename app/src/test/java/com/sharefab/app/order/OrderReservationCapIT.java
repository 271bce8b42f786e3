package com.sharefab.app.order;

import static com.sharefab.app.order.OrderItData.aPlacement;
import static com.sharefab.app.order.OrderItData.awaitOrder;
import static com.sharefab.app.order.OrderItData.anOrderId;
import static com.sharefab.app.order.OrderItData.mutateAndAwait;
import static com.sharefab.app.order.OrderItData.placeAndAwaitOutcome;
import static com.sharefab.app.order.OrderItData.publishListing;
import static com.sharefab.app.order.OrderItData.registerFirm;
import static com.sharefab.app.order.OrderItData.singleError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The cap on a buyer's unpaid reservations, for orders (issue 4, ADR 0008): a buyer firm holding as many orders with
 * reserved, unpaid capacity as it may cannot place another until it pays or cancels one; a retry of an order it
 * already placed still answers; other buyers are not held back; a cancelled or paid order no longer counts.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory", "sharefab.reservations.max-unpaid-per-buyer=2"})
class OrderReservationCapIT {

    @LocalServerPort
    int port;

    @Test
    void placeOrder_pastTheUnpaidCap_isRefused_untilTheBuyerCancelsOrPaysOne() throws Exception {
        var factory = registerFirm(port, "FACTORY");
        var buyer = GraphQlClients.as(port, registerFirm(port, "BUYER"));
        var listingId = publishListing(port, factory, 100);
        var first = aPlacement(anOrderId(), listingId, 5);
        var second = aPlacement(anOrderId(), listingId, 5);
        assertThat(placeAndAwaitOutcome(buyer, first).status()).isEqualTo("PAYMENT_DUE");
        assertThat(placeAndAwaitOutcome(buyer, second).status()).isEqualTo("PAYMENT_DUE");

        var third = aPlacement(anOrderId(), listingId, 5);
        var refused = singleError(buyer.documentName("placeOrder").variable("input", third).execute());

        assertThat(refused.getExtensions()).containsEntry("code", "UNPAID_RESERVATION_LIMIT");
        buyer.documentName("order").variable("id", third.get("orderId")).execute().errors().verify()
                .path("order").valueIsNull();
        assertThat(placeAndAwaitOutcome(buyer, first).status())
                .as("a retry of an order already held is no new reservation").isEqualTo("PAYMENT_DUE");
        var otherBuyer = GraphQlClients.as(port, registerFirm(port, "BUYER"));
        assertThat(placeAndAwaitOutcome(otherBuyer, aPlacement(anOrderId(), listingId, 5)).status())
                .as("the cap is per buyer firm").isEqualTo("PAYMENT_DUE");

        mutateAndAwait(buyer, "cancelOrder", Map.of("orderId", second.get("orderId")),
                o -> o.status().equals("CANCELLED"));

        assertThat(placeAndAwaitOutcome(buyer, third).status()).as("a cancelled order holds nothing")
                .isEqualTo("PAYMENT_DUE");
        var fourth = aPlacement(anOrderId(), listingId, 5);
        assertThat(singleError(buyer.documentName("placeOrder").variable("input", fourth).execute()).getExtensions())
                .containsEntry("code", "UNPAID_RESERVATION_LIMIT");

        pay(buyer, (String) first.get("orderId"));

        assertThat(placeAndAwaitOutcome(buyer, fourth).status())
                .as("a paid order's capacity is no longer an unpaid reservation").isEqualTo("PAYMENT_DUE");
    }

    /** Pays the order at the sandbox provider, as the buyer's phone would, and waits until the order is paid. */
    private void pay(HttpGraphQlTester buyer, String orderId) throws Exception {
        String payUrl = buyer.documentName("payOrder").variable("orderId", orderId).execute().errors().verify()
                .path("payOrder.payUrl").entity(String.class).get();
        var paid = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(payUrl)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(paid.statusCode()).isEqualTo(200);
        awaitOrder(buyer, orderId, o -> o.status().equals("PAID"), "order paid");
    }
}
