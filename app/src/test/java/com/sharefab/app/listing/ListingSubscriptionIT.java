package com.sharefab.app.listing;

import static com.sharefab.app.listing.ListingTestData.aListingId;
import static com.sharefab.app.listing.ListingTestData.aPublication;
import static com.sharefab.app.listing.ListingTestData.aReservation;
import static com.sharefab.app.listing.ListingTestData.actingFor;
import static com.sharefab.app.listing.ListingTestData.anOrderId;
import static com.sharefab.app.listing.ListingTestData.day;
import static com.sharefab.app.listing.ListingTestData.publish;
import static com.sharefab.app.listing.ListingTestData.registerFirm;
import static com.sharefab.app.listing.ListingTestData.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.app.GraphQlClients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code listingAvailabilityChanged} over WebSocket: a phone hears of reservations and pauses as they happen. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
class ListingSubscriptionIT {

    private static final Duration HEARING = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Test
    void listingAvailabilityChanged_reservationOverHttp_subscriberReceivesTheReducedFreeCapacity() throws Exception {
        var factory = actingFor(port, registerFirm(port, "FACTORY"), "FACTORY");
        var buyer = actingFor(port, registerFirm(port, "BUYER"), "BUYER");
        var publication = aPublication(aListingId());
        publication.put("dailyCapacity", 30);
        var listingId = publish(factory, publication).id();

        try (var phone = new AvailabilitySubscriber(port, listingId, day(1), day(2))) {
            // A rejection changes no availability: nothing is sent for it.
            assertThat(reserve(buyer, aReservation(listingId, anOrderId(), 1_000, day(1), day(1))).rejection())
                    .isNotNull();

            var heard = reserveUntilHeard(buyer, listingId, phone);

            assertThat(heard.change().id()).isEqualTo(listingId);
            assertThat(heard.change().status()).isEqualTo("ACTIVE");
            assertThat(heard.change().day(day(1)).reserved()).isEqualTo(heard.reserved());
            assertThat(heard.change().day(day(1)).free()).isEqualTo(30 - heard.reserved());
            assertThat(heard.change().day(day(2)).free()).isEqualTo(30);

            factory.documentName("pauseListing")
                    .variable("input", Map.of("listingId", listingId))
                    .execute()
                    .errors().verify();
            var paused = phone.next(HEARING);
            assertThat(paused).as("heard of the pause").isNotNull();
            assertThat(paused.status()).isEqualTo("PAUSED");
            assertThat(paused.day(day(1)).free()).isEqualTo(30 - heard.reserved());
        }
    }

    /**
     * Reserves 4 units on day 1 and waits for the phone to hear of it. The server registers a subscription a moment
     * after the client sent it and answers nothing when it does; should the first reservation slip in before that, it
     * is not sent (the subscription starts from the state it found), so reserve again, up to three times.
     */
    static Heard reserveUntilHeard(
            org.springframework.graphql.test.tester.HttpGraphQlTester buyer,
            String listingId,
            AvailabilitySubscriber phone)
            throws InterruptedException {
        long reserved = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            var payload = reserve(buyer, aReservation(listingId, anOrderId(), 4, day(1), day(1)));
            assertThat(payload.reservation()).as("reserved: %s", payload.rejection()).isNotNull();
            reserved += 4;
            var change = phone.next(HEARING);
            if (change != null) {
                return new Heard(change, reserved);
            }
        }
        throw new AssertionError("the subscriber heard of none of three reservations");
    }

    /** What the phone heard, and how many units had been reserved by then. */
    record Heard(AvailabilitySubscriber.Change change, long reserved) {}
}
