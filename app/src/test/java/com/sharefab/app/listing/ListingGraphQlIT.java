package com.sharefab.app.listing;

import static com.sharefab.app.listing.ListingTestData.CNC;
import static com.sharefab.app.listing.ListingTestData.EMBROIDERY;
import static com.sharefab.app.listing.ListingTestData.WEBBING;
import static com.sharefab.app.listing.ListingTestData.aCity;
import static com.sharefab.app.listing.ListingTestData.aListingId;
import static com.sharefab.app.listing.ListingTestData.aPublication;
import static com.sharefab.app.listing.ListingTestData.aReservation;
import static com.sharefab.app.listing.ListingTestData.actingFor;
import static com.sharefab.app.listing.ListingTestData.anOrderId;
import static com.sharefab.app.listing.ListingTestData.day;
import static com.sharefab.app.listing.ListingTestData.ids;
import static com.sharefab.app.listing.ListingTestData.listing;
import static com.sharefab.app.listing.ListingTestData.publish;
import static com.sharefab.app.listing.ListingTestData.registerFirm;
import static com.sharefab.app.listing.ListingTestData.reserve;
import static com.sharefab.app.listing.ListingTestData.search;
import static com.sharefab.app.listing.ListingTestData.singleError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sharefab.app.GraphQlClients;
import com.sharefab.app.listing.ListingTestData.Card;
import com.sharefab.app.listing.ListingTestData.Listing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Capacity listings end to end over HTTP on the running app: publication, the catalog search with each filter and
 * each order, the factory's changes, reservations, and the errors a phone must be able to tell apart.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingGraphQlIT {

    @LocalServerPort
    int port;

    private HttpGraphQlTester anonymous;
    private String factoryId;
    private HttpGraphQlTester factory;
    private HttpGraphQlTester buyer;

    /** One factory and one buyer for every test: each test publishes listings of its own, in cities of its own. */
    @BeforeAll
    void registerFirms() {
        anonymous = GraphQlClients.http(port);
        factoryId = registerFirm(port, "FACTORY");
        factory = actingFor(port, factoryId, "FACTORY");
        buyer = actingFor(port, registerFirm(port, "BUYER"), "BUYER");
    }

    // --- publication and the calendar ------------------------------------------------------------------------------

    @Test
    void publishListing_byRegisteredFactory_listingQueryShowsItWithFreeCapacityPerDay() {
        var listingId = aListingId();
        var publication = aPublication(listingId);
        publication.put("dailyCapacity", 40);
        publication.put("bookableFrom", day(1).toString());
        publication.put("bookableTo", day(10).toString());
        publication.put("closedDays", List.of(day(3).toString()));

        var published = publish(factory, publication);

        assertThat(published.id()).isEqualTo(listingId);
        assertThat(published.factoryFirmId()).isEqualTo(factoryId);
        assertThat(published.status()).isEqualTo("ACTIVE");
        assertThat(published.step()).isEqualTo(new ListingTestData.Step(EMBROIDERY, "headwear"));
        assertThat(published.unitPrice()).isEqualTo(new ListingTestData.Price(150, "CNY", "1.50"));
        assertThat(published.closedDays()).containsExactly(day(3).toString());
        assertThat(published.earliestFreeDay()).isEqualTo(day(1).toString());
        assertThat(published.days()).as("the bookable range by default").hasSize(10);

        var shown = listing(anonymous, listingId, day(0), day(11));
        assertThat(shown.days()).hasSize(12);
        assertThat(shown.day(day(0))).as("before the range").extracting("closed", "capacity", "free")
                .containsExactly(true, 0L, 0L);
        assertThat(shown.day(day(1))).extracting("id", "closed", "capacity", "reserved", "free")
                .containsExactly(listingId + ":" + day(1), false, 40L, 0L, 40L);
        assertThat(shown.day(day(3))).as("closed").extracting("closed", "capacity", "free")
                .containsExactly(true, 0L, 0L);
        assertThat(shown.day(day(11))).as("after the range").extracting("closed", "free").containsExactly(true, 0L);

        var payload = reserve(buyer, aReservation(listingId, anOrderId(), 50, day(1), day(4)));

        assertThat(payload.reservation().allocations()).extracting("date", "quantity").containsExactly(
                tuple(day(1).toString(), 40L),
                tuple(day(2).toString(), 10L));
        var after = listing(anonymous, listingId, day(1), day(4));
        assertThat(after.days()).extracting("reserved").containsExactly(40L, 10L, 0L, 0L);
        assertThat(after.days()).extracting("free").containsExactly(0L, 30L, 0L, 40L);
        assertThat(after.earliestFreeDay()).isEqualTo(day(2).toString());
    }

    @Test
    void publishListing_retriedWithSameDetails_answersTheSameListingOnce() {
        var publication = aPublication(aListingId());

        var first = publish(factory, publication);
        var again = publish(factory, publication);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void publishListing_sameIdOtherDetails_isListingIdConflict() {
        var publication = aPublication(aListingId());
        publish(factory, publication);
        publication.put("unitPriceFen", 999);

        var error = singleError(factory.documentName("publishListing").variable("input", publication).execute());

        assertThat(error.getExtensions()).containsEntry("code", "LISTING_ID_CONFLICT");
    }

    @Test
    void publishListing_idOfAnExistingFirm_isIdInUseAndTheFirmStaysAsItWas() {
        var publication = aPublication(factoryId); // the factory's own firm id, as a listing id

        var error = singleError(factory.documentName("publishListing").variable("input", publication).execute());
        var reservation = singleError(
                buyer.documentName("reserveCapacity")
                        .variable("input", aReservation(factoryId, anOrderId(), 1, day(1), day(1)))
                        .execute());

        assertThat(error.getExtensions()).containsEntry("code", "ID_IN_USE");
        assertThat(reservation.getExtensions()).containsEntry("code", "ID_IN_USE");
        anonymous.document("query($id: ID!) { listing(id: $id) { id } }")
                .variable("id", factoryId)
                .execute()
                .path("listing").valueIsNull();
        factory.document("query($id: ID!) { firm(id: $id) { id roles } }") // a firm is read signed in (@access)
                .variable("id", factoryId)
                .execute()
                .path("firm.id").entity(String.class).isEqualTo(factoryId)
                .path("firm.roles").entityList(String.class).containsExactly("FACTORY");
    }

    // --- the catalog search ------------------------------------------------------------------------------------------

    @Test
    void listings_filteredByStep_listOnlyListingsOfThatStep() {
        var embroidery = publishIn(aCity(), EMBROIDERY, 150).id();
        var webbing = publishIn(aCity(), WEBBING, 150).id();

        var found = search(anonymous, Map.of("stepCode", WEBBING), null, 3);

        assertThat(found).extracting(card -> card.step().id()).containsOnly(WEBBING);
        assertThat(ids(found)).contains(webbing).doesNotContain(embroidery).doesNotHaveDuplicates();
    }

    @Test
    void listings_filteredByIndustry_listOnlyListingsOfThatIndustry() {
        var headwear = publishIn(aCity(), EMBROIDERY, 150).id();
        var general = publishIn(aCity(), CNC, 150).id();

        var found = search(anonymous, Map.of("industryCode", "general"), null, 3);

        assertThat(found).extracting(card -> card.step().industryCode()).containsOnly("general");
        assertThat(ids(found)).contains(general).doesNotContain(headwear).doesNotHaveDuplicates();
    }

    @Test
    void listings_filteredByProvinceAndCity_listOnlyListingsThere() {
        var city = aCity();
        var zhejiangHere = publishIn("浙江", city, EMBROIDERY, 150).id();
        var shandongHere = publishIn("山东", city, EMBROIDERY, 150).id();
        var zhejiangElsewhere = publishIn("浙江", aCity(), EMBROIDERY, 150).id();

        assertThat(ids(search(anonymous, Map.of("province", "浙江", "city", city), null, 1)))
                .containsExactly(zhejiangHere);
        assertThat(ids(search(anonymous, Map.of("city", city), null, 1)))
                .containsExactlyInAnyOrder(zhejiangHere, shandongHere);
        var inZhejiang = search(anonymous, Map.of("province", "浙江"), null, 5);
        assertThat(inZhejiang).extracting(Card::province).containsOnly("浙江");
        assertThat(ids(inZhejiang)).contains(zhejiangHere, zhejiangElsewhere).doesNotContain(shandongHere);
    }

    @Test
    void listings_filteredByWindowWithMinFreeQuantity_countOnlyFreeUnitsInsideTheWindow() {
        var city = aCity();
        var small = publishIn(city, EMBROIDERY, 150, Map.of("dailyCapacity", 10)).id();
        var big = publishIn(city, EMBROIDERY, 150, Map.of("dailyCapacity", 100)).id();
        var window = new HashMap<String, Object>(Map.of(
                "city", city, "from", day(5).toString(), "to", day(7).toString(), "minFreeQuantity", 50));

        assertThat(ids(search(anonymous, window, null, 1))).as("30 and 300 free").containsExactly(big);

        reserve(buyer, aReservation(big, anOrderId(), 260, day(5), day(7)));

        assertThat(ids(search(anonymous, window, null, 1))).as("30 and 40 free").isEmpty();
        window.put("minFreeQuantity", 30);
        assertThat(ids(search(anonymous, window, null, 1))).containsExactlyInAnyOrder(small, big);
        window.put("from", day(8).toString());
        window.put("to", day(8).toString());
        window.put("minFreeQuantity", 11);
        assertThat(ids(search(anonymous, window, null, 1))).as("outside the reserved days").containsExactly(big);
    }

    @Test
    void listings_filteredByMaxPrice_listOnlyListingsAtOrBelowIt() {
        var city = aCity();
        var cheap = publishIn(city, EMBROIDERY, 100).id();
        var exact = publishIn(city, EMBROIDERY, 150).id();
        publishIn(city, EMBROIDERY, 151);

        assertThat(ids(search(anonymous, Map.of("city", city, "maxUnitPriceFen", 150), "PRICE_ASC", 1)))
                .containsExactly(cheap, exact);
        assertThat(search(anonymous, Map.of("maxUnitPriceFen", 150), null, 10))
                .extracting(card -> card.unitPrice().fen())
                .allMatch(fen -> fen <= 150)
                .isSorted();
    }

    /**
     * Five listings whose price, lead time and earliest free day are ordered differently; the last one's first two
     * days are sold out, which moves its earliest free day.
     */
    @ParameterizedTest
    @MethodSource("sortOrders")
    void listings_sortedAndWalkedPageByPage_listInThatOrder(String sort, List<Integer> expected) {
        var city = aCity();
        var listings = List.of(
                publishIn(city, EMBROIDERY, 300, Map.of("leadTimeDays", 1, "bookableFrom", day(6).toString())).id(),
                publishIn(city, EMBROIDERY, 100, Map.of("leadTimeDays", 5, "bookableFrom", day(1).toString())).id(),
                publishIn(city, EMBROIDERY, 200, Map.of("leadTimeDays", 3, "bookableFrom", day(2).toString())).id(),
                publishIn(city, EMBROIDERY, 400, Map.of("leadTimeDays", 0, "bookableFrom", day(4).toString(),
                        "closedDays", List.of(day(4).toString(), day(5).toString(), day(6).toString()))).id(),
                publishIn(city, EMBROIDERY, 500, Map.of("leadTimeDays", 2, "bookableFrom", day(0).toString(),
                        "dailyCapacity", 10)).id());
        reserve(buyer, aReservation(listings.get(4), anOrderId(), 20, day(2), day(3)));

        var found = search(anonymous, Map.of("city", city), sort, 2);

        assertThat(ids(found)).containsExactlyElementsOf(expected.stream().map(i -> listings.get(i - 1)).toList());
        var earliest = found.stream().collect(Collectors.toMap(Card::id, Card::earliestFreeDay));
        assertThat(listings.stream().map(earliest::get)).containsExactly(
                day(6).toString(), day(5).toString(), day(3).toString(), day(7).toString(), day(4).toString());
    }

    static Stream<Arguments> sortOrders() {
        return Stream.of(
                Arguments.of("PRICE_ASC", List.of(2, 3, 1, 4, 5)),
                Arguments.of("LEAD_TIME_ASC", List.of(4, 1, 5, 3, 2)),
                // L3 day 3, L5 day 4 (days 2 and 3 sold out), L2 day 5, L1 day 6, L4 day 7 (4-6 closed)
                Arguments.of("EARLIEST_FREE_DAY_ASC", List.of(3, 5, 2, 1, 4)));
    }

    @Test
    void listings_cursorOfAnotherSort_isBadUserInputNamingAfter() {
        var city = aCity();
        publishIn(city, EMBROIDERY, 100);
        publishIn(city, EMBROIDERY, 200);
        var cursor = anonymous.documentName("listings")
                .variable("filter", Map.of("city", city))
                .variable("first", 1)
                .execute()
                .path("listings.pageInfo.endCursor").entity(String.class).get();

        var error = singleError(anonymous.documentName("listings")
                .variable("filter", Map.of("city", city))
                .variable("sort", "LEAD_TIME_ASC")
                .variable("first", 1)
                .variable("after", cursor)
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "after");
    }

    // --- the factory's changes ---------------------------------------------------------------------------------------

    @Test
    void changeListingPrice_afterAReservation_newReservationsGetTheNewPriceAndTheOldOneKeepsItsOwn() {
        var listingId = publish(factory, aPublication(aListingId())).id();
        var first = aReservation(listingId, anOrderId(), 5, day(1), day(1));
        assertThat(reserve(buyer, first).reservation().unitPrice().fen()).isEqualTo(150);

        factory.documentName("changeListingPrice")
                .variable("input", Map.of("listingId", listingId, "unitPriceFen", 180))
                .execute()
                .errors().verify()
                .path("changeListingPrice.listing.unitPrice.fen").entity(Long.class).isEqualTo(180L);

        var second = reserve(buyer, aReservation(listingId, anOrderId(), 5, day(1), day(1)));
        assertThat(second.reservation().unitPrice().fen()).isEqualTo(180);
        var retried = reserve(buyer, first);
        assertThat(retried.reservation().unitPrice().fen()).as("a retry answers the reservation held").isEqualTo(150);
        assertThat(retried.reservation().quantity()).isEqualTo(5);
        assertThat(listing(anonymous, listingId, day(1), day(1)).day(day(1)).reserved())
                .as("the retry held nothing more").isEqualTo(10);
    }

    @Test
    void changeListingDailyCapacity_belowWhatADayHolds_isDailyCapacityBelowReserved() {
        var publication = aPublication(aListingId());
        publication.put("dailyCapacity", 10);
        var listingId = publish(factory, publication).id();
        reserve(buyer, aReservation(listingId, anOrderId(), 8, day(2), day(2)));

        var error = singleError(factory.documentName("changeListingDailyCapacity")
                .variable("input", Map.of("listingId", listingId, "dailyCapacity", 5))
                .execute());

        assertThat(error.getExtensions())
                .containsEntry("code", "DAILY_CAPACITY_BELOW_RESERVED")
                .containsEntry("field", "input.dailyCapacity");
        assertThat(listing(anonymous, listingId, day(2), day(2)).dailyCapacity()).isEqualTo(10);

        var changed = factory.documentName("changeListingDailyCapacity")
                .variable("input", Map.of("listingId", listingId, "dailyCapacity", 8))
                .variable("from", day(2).toString())
                .variable("to", day(3).toString())
                .execute()
                .errors().verify()
                .path("changeListingDailyCapacity.listing.days").entityList(ListingTestData.Day.class).get();
        assertThat(changed).extracting("capacity", "reserved", "free").containsExactly(
                tuple(8L, 8L, 0L), tuple(8L, 0L, 8L));
    }

    @Test
    void closeListingDays_thenReopenOne_closedDaysTakeNoReservationsUntilReopened() {
        var listingId = publish(factory, aPublication(aListingId())).id();

        var closed = factory.documentName("closeListingDays")
                .variable("input", Map.of("listingId", listingId, "days", List.of(day(4).toString(),
                        day(5).toString())))
                .variable("from", day(4).toString())
                .variable("to", day(5).toString())
                .execute()
                .errors().verify()
                .path("closeListingDays.listing.days").entityList(ListingTestData.Day.class).get();
        assertThat(closed).extracting("closed", "capacity", "free").containsOnly(
                tuple(true, 0L, 0L));
        assertThat(reserve(buyer, aReservation(listingId, anOrderId(), 1, day(4), day(5))).rejection().reason())
                .isEqualTo("NO_CAPACITY");

        factory.documentName("reopenListingDays")
                .variable("input", Map.of("listingId", listingId, "days", List.of(day(4).toString())))
                .execute()
                .errors().verify()
                .path("reopenListingDays.listing.closedDays").entityList(String.class)
                .containsExactly(day(5).toString());
        var reservation = reserve(buyer, aReservation(listingId, anOrderId(), 1, day(4), day(5))).reservation();
        assertThat(reservation.allocations()).extracting("date").containsExactly(day(4).toString());
    }

    @Test
    void closeListingDays_dayHoldingReservations_isDayHasReservations() {
        var listingId = publish(factory, aPublication(aListingId())).id();
        reserve(buyer, aReservation(listingId, anOrderId(), 1, day(3), day(3)));

        var error = singleError(factory.documentName("closeListingDays")
                .variable("input", Map.of("listingId", listingId, "days", List.of(day(3).toString())))
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "DAY_HAS_RESERVATIONS").containsEntry("field",
                "input.days");
    }

    @Test
    void reserveCapacity_listingPaused_isRejectedListingPausedUntilResumed() {
        var city = aCity();
        var listingId = publishIn(city, EMBROIDERY, 150).id();

        factory.documentName("pauseListing")
                .variable("input", Map.of("listingId", listingId, "reason", "machine maintenance"))
                .execute()
                .errors().verify()
                .path("pauseListing.listing.status").entity(String.class).isEqualTo("PAUSED");

        var paused = reserve(buyer, aReservation(listingId, anOrderId(), 1, day(1), day(1)));
        assertThat(paused.reservation()).isNull();
        assertThat(paused.rejection().reason()).isEqualTo("LISTING_PAUSED");
        assertThat(search(anonymous, Map.of("city", city), null, 5)).as("paused: not in the catalog").isEmpty();

        factory.documentName("resumeListing")
                .variable("input", Map.of("listingId", listingId))
                .execute()
                .errors().verify()
                .path("resumeListing.listing.status").entity(String.class).isEqualTo("ACTIVE");

        var resumed = reserve(buyer, aReservation(listingId, anOrderId(), 1, day(1), day(1)));
        assertThat(resumed.rejection()).isNull();
        assertThat(resumed.reservation().quantity()).isEqualTo(1);
        assertThat(ids(search(anonymous, Map.of("city", city), null, 5))).containsExactly(listingId);
    }

    @Test
    void withdrawListing_withALiveReservation_isRefusedUntilItIsReleased() {
        var listingId = publish(factory, aPublication(aListingId())).id();
        var orderId = anOrderId();
        reserve(buyer, aReservation(listingId, orderId, 3, day(1), day(1)));

        var error = singleError(factory.documentName("withdrawListing")
                .variable("input", Map.of("listingId", listingId))
                .execute());
        assertThat(error.getExtensions()).containsEntry("code", "LISTING_HAS_LIVE_RESERVATIONS");

        buyer.documentName("releaseCapacity")
                .variable("input", Map.of("listingId", listingId, "orderId", orderId))
                .variable("from", day(1).toString())
                .variable("to", day(1).toString())
                .execute()
                .errors().verify()
                .path("releaseCapacity.listing.days[0].free").entity(Long.class).isEqualTo(100L);
        factory.documentName("withdrawListing")
                .variable("input", Map.of("listingId", listingId))
                .execute()
                .errors().verify()
                .path("withdrawListing.listing.status").entity(String.class).isEqualTo("WITHDRAWN");

        assertThat(reserve(buyer, aReservation(listingId, anOrderId(), 1, day(1), day(1))).rejection().reason())
                .isEqualTo("LISTING_WITHDRAWN");
        var change = singleError(factory.documentName("changeListingPrice")
                .variable("input", Map.of("listingId", listingId, "unitPriceFen", 200))
                .execute());
        assertThat(change.getExtensions()).containsEntry("code", "LISTING_WITHDRAWN");
    }

    // --- who may act ---------------------------------------------------------------------------------------------------

    @Test
    void publishListing_byABuyerFirm_isForbidden() {
        var buyerFirm = registerFirm(port, "BUYER");
        var claimingToBeAFactory = actingFor(port, buyerFirm, "FACTORY");

        var error = singleError(claimingToBeAFactory.documentName("publishListing")
                .variable("input", aPublication(aListingId()))
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
        assertThat(error.getMessage()).doesNotContain("Exception");
    }

    @Test
    void publishListing_withoutAToken_isUnauthenticated() {
        var error = singleError(anonymous.documentName("publishListing")
                .variable("input", aPublication(aListingId()))
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "UNAUTHENTICATED");
    }

    @Test
    void changeListingPrice_byAnotherFactory_isForbidden() {
        var listingId = publish(factory, aPublication(aListingId())).id();
        var otherFactory = actingFor(port, registerFirm(port, "FACTORY"), "FACTORY");

        var error = singleError(otherFactory.documentName("changeListingPrice")
                .variable("input", Map.of("listingId", listingId, "unitPriceFen", 1))
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN");
    }

    // --- bad input -----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPublications")
    void publishListing_badInput_isBadUserInputNamingTheField(
            String problem, Consumer<Map<String, Object>> spoil, String field) {
        var publication = aPublication(aListingId());
        spoil.accept(publication);

        var error = singleError(factory.documentName("publishListing").variable("input", publication).execute());

        assertThat(error.getExtensions())
                .as(problem)
                .containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", field);
        assertThat(error.getMessage()).doesNotContain("Exception");
    }

    static Stream<Arguments> badPublications() {
        return Stream.of(
                bad("negative price", p -> p.put("unitPriceFen", -1), "input.unitPriceFen"),
                bad("window reversed", p -> {
                    p.put("bookableFrom", day(10).toString());
                    p.put("bookableTo", day(9).toString());
                }, "input.bookableTo"),
                bad("unknown step", p -> p.put("stepCode", "headwear.knitting"), "input.stepCode"),
                bad("starts in the past", p -> p.put("bookableFrom", day(-1).toString()), "input.bookableFrom"),
                bad("calendar of 367 days", p -> {
                    p.put("bookableFrom", day(1).toString());
                    p.put("bookableTo", day(367).toString());
                }, "input.bookableTo"),
                bad("closed day outside the range", p -> p.put("closedDays", List.of(day(40).toString())),
                        "input.closedDays"),
                bad("lead time over a year", p -> p.put("leadTimeDays", 366), "input.leadTimeDays"));
    }

    private static Arguments bad(String problem, Consumer<Map<String, Object>> spoil, String field) {
        return Arguments.of(problem, spoil, field);
    }

    @Test
    void publishListing_calendarOfExactly366Days_isAccepted() {
        var publication = aPublication(aListingId());
        publication.put("bookableFrom", day(0).toString());
        publication.put("bookableTo", day(365).toString());

        assertThat(publish(factory, publication).bookableTo()).isEqualTo(day(365).toString());
    }

    @Test
    void reserveCapacity_badWindow_isBadUserInputNamingTheField() {
        var listingId = publish(factory, aPublication(aListingId())).id();

        var reversed = singleError(buyer.documentName("reserveCapacity")
                .variable("input", aReservation(listingId, anOrderId(), 1, day(5), day(4)))
                .execute());
        var past = singleError(buyer.documentName("reserveCapacity")
                .variable("input", aReservation(listingId, anOrderId(), 1, day(-1), day(4)))
                .execute());
        var none = singleError(buyer.documentName("reserveCapacity")
                .variable("input", aReservation(listingId, anOrderId(), 0, day(1), day(4)))
                .execute());

        assertThat(reversed.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "input.to");
        assertThat(past.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "input.from");
        assertThat(none.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "input.quantity");
    }

    @Test
    void listings_badFilter_isBadUserInputNamingTheField() {
        var reversed = singleError(anonymous.documentName("listings")
                .variable("filter", Map.of("from", day(5).toString(), "to", day(4).toString()))
                .execute());
        var tooLong = singleError(anonymous.documentName("listings")
                .variable("filter", Map.of("from", day(1).toString(), "to", day(367).toString()))
                .execute());
        var unknownStep = singleError(anonymous.documentName("listings")
                .variable("filter", Map.of("stepCode", "headwear.knitting"))
                .execute());
        var quantityWithoutWindow = singleError(anonymous.documentName("listings")
                .variable("filter", Map.of("minFreeQuantity", 5))
                .execute());
        var pageTooLarge = singleError(anonymous.documentName("listings").variable("first", 1000).execute());

        assertThat(reversed.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "filter.to");
        assertThat(tooLong.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "filter.to");
        assertThat(unknownStep.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "filter.stepCode");
        assertThat(quantityWithoutWindow.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "filter.from");
        assertThat(pageTooLarge.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "first");
    }

    @Test
    void listing_daysOfMoreThan366_isBadUserInputNamingTo() {
        var listingId = publish(factory, aPublication(aListingId())).id();

        var error = singleError(anonymous.documentName("listing")
                .variable("id", listingId)
                .variable("from", day(1).toString())
                .variable("to", day(367).toString())
                .execute());

        assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "to");
    }

    @Test
    void listing_unknownId_isNull() {
        anonymous.documentName("listing").variable("id", "no-such-listing").execute()
                .errors().verify()
                .path("listing").valueIsNull();
    }

    // --- the step taxonomy ---------------------------------------------------------------------------------------------

    @Test
    void industries_query_listsEachIndustryWithItsSteps() {
        var response = anonymous.documentName("industries").execute().errors().verify();

        response.path("industries[*].id").entityList(String.class).containsExactly("headwear", "general");
        response.path("industries[0].nameZh").entity(String.class).isEqualTo("制帽");
        response.path("industries[0].steps[*].id").entityList(String.class).contains(EMBROIDERY, WEBBING);
        assertThat(response.path("industries[1].steps[*].industryCode").entityList(String.class).get())
                .containsOnly("general");
    }

    @Test
    void steps_ofOneIndustry_listsOnlyItsSteps() {
        var general = anonymous.documentName("steps").variable("industryCode", "general").execute()
                .errors().verify()
                .path("steps[*].industryCode").entityList(String.class).get();
        assertThat(general).hasSize(5).containsOnly("general");
        anonymous.documentName("steps").execute()
                .errors().verify()
                .path("steps[*].id").entityList(String.class).hasSize(11).contains(EMBROIDERY, CNC);
    }

    @Test
    void steps_unknownIndustry_isBadUserInputNamingIndustryCode() {
        var error = singleError(anonymous.documentName("steps").variable("industryCode", "pottery").execute());

        assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
                .containsEntry("field", "industryCode");
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    private Listing publishIn(String city, String step, long priceFen) {
        return publishIn("山东", city, step, priceFen);
    }

    private Listing publishIn(String province, String city, String step, long priceFen) {
        return publishIn(province, city, step, priceFen, Map.of());
    }

    private Listing publishIn(String city, String step, long priceFen, Map<String, Object> changes) {
        return publishIn("山东", city, step, priceFen, changes);
    }

    private Listing publishIn(String province, String city, String step, long priceFen, Map<String, Object> changes) {
        var publication = aPublication(aListingId());
        publication.put("province", province);
        publication.put("city", city);
        publication.put("stepCode", step);
        publication.put("unitPriceFen", priceFen);
        publication.putAll(changes);
        return publish(factory, publication);
    }
}
