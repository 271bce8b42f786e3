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

import com.sharefab.app.cluster.TwoNodes;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Two nodes on one store, each with its own aggregate cache: a node that holds a listing in its cache decides on the
 * listing as the store holds it after the other node changed it — also where its answer appends nothing (a refusal,
 * or "nothing to do"), so no write conflict would have corrected a stale answer.
 */
class AggregateCacheIT {

    @AutoClose
    private static TwoNodes nodes;
    private static String factoryId;
    private static String buyerId;

    @BeforeAll
    static void startTwoNodesOnOneServer() {
        nodes = TwoNodes.start();
        factoryId = registerFirm(nodes.portA(), "FACTORY");
        buyerId = registerFirm(nodes.portA(), "BUYER");
    }

    @Test
    void pauseListing_resumedOnTheOtherNodeSinceItWasCached_pausesIt() {
        var factoryOnA = actingFor(nodes.portA(), factoryId, "FACTORY");
        var factoryOnB = actingFor(nodes.portB(), factoryId, "FACTORY");
        var listingId = publish(factoryOnA, aPublication(aListingId())).id();
        send(factoryOnA, "pauseListing", Map.of("listingId", listingId));      // node A caches it paused

        send(factoryOnB, "resumeListing", Map.of("listingId", listingId));
        send(factoryOnA, "pauseListing", Map.of("listingId", listingId));      // stale: "paused already, nothing to do"

        var buyerOnB = actingFor(nodes.portB(), buyerId, "BUYER");
        var outcome = reserve(buyerOnB, aReservation(listingId, anOrderId(), 10, day(1), day(20)));
        assertThat(outcome.rejection()).as("reservation on a listing paused on node A").isNotNull();
        assertThat(outcome.rejection().reason()).isEqualTo("LISTING_PAUSED");
    }

    @Test
    void withdrawListing_reservationReleasedOnTheOtherNodeSinceItWasCached_withdrawsIt() {
        var factoryOnA = actingFor(nodes.portA(), factoryId, "FACTORY");
        var listingId = publish(factoryOnA, aPublication(aListingId())).id();
        var orderId = anOrderId();
        var buyerOnA = actingFor(nodes.portA(), buyerId, "BUYER");
        assertThat(reserve(buyerOnA, aReservation(listingId, orderId, 10, day(1), day(20))).reservation())
                .isNotNull();                                                  // node A caches it with the reservation

        send(actingFor(nodes.portB(), buyerId, "BUYER"), "releaseCapacity",
                Map.of("listingId", listingId, "orderId", orderId));
        send(factoryOnA, "withdrawListing", Map.of("listingId", listingId)); // stale: LISTING_HAS_LIVE_RESERVATIONS

        var buyerOnB = actingFor(nodes.portB(), buyerId, "BUYER");
        var outcome = reserve(buyerOnB, aReservation(listingId, anOrderId(), 10, day(1), day(20)));
        assertThat(outcome.rejection()).as("reservation on a listing withdrawn on node A").isNotNull();
        assertThat(outcome.rejection().reason()).isEqualTo("LISTING_WITHDRAWN");
    }

    /** Sends a listing mutation, which must succeed. */
    private static void send(HttpGraphQlTester graphQl, String mutation, Map<String, Object> input) {
        graphQl.documentName(mutation).variable("input", input).execute().errors().verify();
    }
}
