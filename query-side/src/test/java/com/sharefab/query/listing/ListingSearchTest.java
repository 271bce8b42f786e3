package com.sharefab.query.listing;

import static com.sharefab.query.listing.ListingTestData.CLOCK;
import static com.sharefab.query.listing.ListingTestData.TODAY;
import static com.sharefab.query.listing.ListingTestData.day;
import static com.sharefab.query.listing.ListingTestData.paused;
import static com.sharefab.query.listing.ListingTestData.priceChanged;
import static com.sharefab.query.listing.ListingTestData.published;
import static com.sharefab.query.listing.ListingTestData.reserved;
import static com.sharefab.query.listing.ListingTestData.units;
import static com.sharefab.query.listing.ListingTestData.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sharefab.events.Actor;
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import com.sharefab.query.graphql.InvalidArgumentException;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalog search and the other listing queries, through the controller, on the embedded wire server. */
class ListingSearchTest {

    private static final String EMBROIDERY = "headwear.embroidery";
    private static final String WEBBING = "headwear.webbing";
    private static final String CNC = "general.cnc-machining";

    private static TestMongo mongo;

    private ListingViews views;
    private ListingCatalog catalog;
    private ListingProjection projection;
    private ListingQueryController controller;
    private final Map<String, Long> sequences = new HashMap<>();

    @BeforeAll
    static void startServer() {
        mongo = new TestMongo();
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        views = new ListingViews(mongo.freshDatabase(), new ReadModelUpdates());
        catalog = new ListingCatalog(views, 60);
        projection = new ListingProjection(views, catalog);
        controller = new ListingQueryController(views, catalog, new BusinessDay(CLOCK));
    }

    @Test
    void listings_noFilter_onlyActiveListingsCheapestFirstTiesById() {
        apply(published("b", "f1", EMBROIDERY, 300, 1, "山东", "青岛", TODAY, day(30)),
                published("a", "f1", EMBROIDERY, 300, 1, "山东", "青岛", TODAY, day(30)),
                published("c", "f1", WEBBING, 100, 1, "浙江", "义乌", TODAY, day(30)),
                published("paused", "f1", WEBBING, 50, 1, "浙江", "义乌", TODAY, day(30)),
                paused("paused"),
                published("gone", "f1", WEBBING, 50, 1, "浙江", "义乌", TODAY, day(30)),
                withdrawn("gone"));

        assertThat(ids(search(null, null))).containsExactly("c", "a", "b");
    }

    @Test
    void listings_byStepOrIndustry_onlyThose() {
        apply(published("e", "f1", EMBROIDERY, 300, 1, "山东", "青岛", TODAY, day(30)),
                published("w", "f1", WEBBING, 200, 1, "山东", "青岛", TODAY, day(30)),
                published("c", "f1", CNC, 100, 1, "山东", "青岛", TODAY, day(30)));

        assertThat(ids(search(filter().step(EMBROIDERY), null))).containsExactly("e");
        assertThat(ids(search(filter().industry("headwear"), null))).containsExactly("w", "e");
        assertThat(ids(search(filter().industry("general"), null))).containsExactly("c");
        assertThat(ids(search(filter().industry("general").step(EMBROIDERY), null))).isEmpty();
    }

    @Test
    void listings_byProvinceCityAndMaxPrice_onlyThose() {
        apply(published("qd", "f1", EMBROIDERY, 300, 1, "山东", "青岛", TODAY, day(30)),
                published("jn", "f1", EMBROIDERY, 200, 1, "山东", "济南", TODAY, day(30)),
                published("yw", "f1", EMBROIDERY, 100, 1, "浙江", "义乌", TODAY, day(30)));

        assertThat(ids(search(filter().province("山东"), null))).containsExactly("jn", "qd");
        assertThat(ids(search(filter().province("山东").city("青岛"), null))).containsExactly("qd");
        assertThat(ids(search(filter().city("义乌"), null))).containsExactly("yw");
        assertThat(ids(search(filter().maxPrice(200), null))).containsExactly("yw", "jn");
        assertThat(ids(search(filter().maxPrice(99), null))).isEmpty();
    }

    @Test
    void listings_priceChanged_filterAndOrderFollow() {
        apply(published("a", "f1", EMBROIDERY, 100, 1, "山东", "青岛", TODAY, day(30)),
                published("b", "f1", EMBROIDERY, 200, 1, "山东", "青岛", TODAY, day(30)),
                priceChanged("a", 300));

        assertThat(ids(search(null, null))).containsExactly("b", "a");
        assertThat(ids(search(filter().maxPrice(250), null))).containsExactly("b");
    }

    @Test
    void listings_freeCapacityWindow_countsOnlyOpenBookableDaysFromTodayPlusLeadTime() {
        // 100 a day. Window day(0)..day(4), asked: 250 units.
        // "lead" has lead time 3: only day(3), day(4) count -> 200: out.
        // "closed" lead 0: day(1), day(2) closed, day(3) reserved 90 -> 100 + 10 + 100 = 210: out.
        // "late" bookable from day(3) -> 200: out. "ok" lead 0, 40 reserved on day(0) -> 460: in.
        // "exact" lead 1, bookable to day(3): day(1)..day(3) -> 300, 50 reserved on day(2) -> 250: in.
        apply(published("lead", "f1", EMBROIDERY, 100, 3, "山东", "青岛", TODAY, day(30)),
                published("closed", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30), day(1), day(2)),
                reserved("closed", "o1", units(day(3), 90)),
                published("late", "f1", EMBROIDERY, 100, 0, "山东", "青岛", day(3), day(30)),
                published("ok", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                reserved("ok", "o2", units(day(0), 40)),
                published("exact", "f1", EMBROIDERY, 100, 1, "山东", "青岛", TODAY, day(3)),
                reserved("exact", "o3", units(day(2), 50)));

        assertThat(ids(search(filter().window(day(0), day(4)).quantity(250), null))).containsExactlyInAnyOrder(
                "ok", "exact");
        assertThat(ids(search(filter().window(day(0), day(4)).quantity(251), null))).containsExactly("ok");
        assertThat(ids(search(filter().window(day(0), day(4)).quantity(200), null)))
                .containsExactlyInAnyOrder("lead", "closed", "late", "ok", "exact");
    }

    @Test
    void listings_releaseFreesCapacity_listingFoundAgain() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(1)),
                reserved("a", "o1", units(day(0), 100), units(day(1), 100)));
        assertThat(ids(search(filter().window(day(0), day(1)), null))).isEmpty();

        apply(ListingTestData.released("a", "o1", units(day(1), 100)));

        assertThat(ids(search(filter().window(day(0), day(1)).quantity(100), null))).containsExactly("a");
    }

    @Test
    void listings_windowInThePast_findsNothing() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY.minusDays(30), day(30)));

        assertThat(ids(search(filter().window(TODAY.minusDays(10), TODAY.minusDays(1)), null))).isEmpty();
        assertThat(ids(search(filter().window(TODAY.minusDays(10), TODAY), null))).containsExactly("a");
    }

    @Test
    void listings_sortedByLeadTime_shortestFirst() {
        apply(published("slow", "f1", EMBROIDERY, 100, 9, "山东", "青岛", TODAY, day(30)),
                published("fast", "f1", EMBROIDERY, 900, 1, "山东", "青岛", TODAY, day(30)),
                published("mid", "f1", EMBROIDERY, 500, 4, "山东", "青岛", TODAY, day(30)));

        assertThat(ids(search(null, ListingSort.LEAD_TIME_ASC))).containsExactly("fast", "mid", "slow");
    }

    @Test
    void listings_sortedByEarliestFreeDay_soonestFirstNoneLeftLast() {
        apply(published("full", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(0)),
                reserved("full", "o1", units(day(0), 100)),
                published("later", "f1", EMBROIDERY, 100, 5, "山东", "青岛", TODAY, day(30)),
                published("blocked", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30), day(0), day(1)),
                published("now", "f1", EMBROIDERY, 900, 0, "山东", "青岛", TODAY, day(30)));

        var page = search(null, ListingSort.EARLIEST_FREE_DAY_ASC);

        assertThat(ids(page)).containsExactly("now", "blocked", "later", "full");
        assertThat(controller.earliestFreeDay(page.edges().get(1).node())).isEqualTo(day(2));
        assertThat(controller.earliestFreeDay(page.edges().get(3).node())).isNull();
    }

    @ParameterizedTest
    @EnumSource(ListingSort.class)
    void listings_pagesOfTwo_walkEveryMatchOnceInOrder(ListingSort sort) {
        var events = new ArrayList<ListingEvent>();
        for (int i = 0; i < 7; i++) {
            // Few distinct keys: most of the order comes from the id tie-break.
            events.add(published("l" + i, "f1", EMBROIDERY, 100 * (i % 3), i % 2, "山东", "青岛",
                    TODAY.plusDays(i % 3), day(30)));
        }
        apply(events.toArray(ListingEvent[]::new));
        var all = ids(controller.listings(null, sort, 100, null));

        var walked = new ArrayList<String>();
        String after = null;
        boolean hasNext = true;
        int pages = 0;
        while (hasNext) {
            var page = controller.listings(null, sort, 2, after);
            walked.addAll(ids(page));
            assertThat(page.pageInfo().hasPreviousPage()).isEqualTo(after != null);
            after = page.pageInfo().endCursor();
            hasNext = page.pageInfo().hasNextPage();
            pages++;
        }

        assertThat(all).hasSize(7);
        assertThat(walked).isEqualTo(all);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void listings_listingChangesBetweenPages_nextPageStillStartsAfterTheCursor() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                published("b", "f1", EMBROIDERY, 200, 0, "山东", "青岛", TODAY, day(30)),
                published("c", "f1", EMBROIDERY, 300, 0, "山东", "青岛", TODAY, day(30)));
        var first = controller.listings(null, ListingSort.PRICE_ASC, 2, null);

        apply(priceChanged("a", 250)); // moves behind the cursor's key (200)

        var second = controller.listings(null, ListingSort.PRICE_ASC, 2, first.pageInfo().endCursor());
        assertThat(ids(first)).containsExactly("a", "b");
        assertThat(ids(second)).containsExactly("a", "c");
    }

    @Test
    void listings_cursorOfAnotherSort_isRefusedNamingAfter() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                published("b", "f1", EMBROIDERY, 200, 0, "山东", "青岛", TODAY, day(30)));
        var cursor = controller.listings(null, ListingSort.PRICE_ASC, 1, null).pageInfo().endCursor();

        assertThatThrownBy(() -> controller.listings(null, ListingSort.LEAD_TIME_ASC, 1, cursor))
                .satisfies(refused("after"));
        assertThatThrownBy(() -> controller.listings(null, ListingSort.PRICE_ASC, 1, Cursors.encode("nonsense")))
                .satisfies(refused("after"));
    }

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                Arguments.of(filter().step("headwear.nope"), "filter.stepCode"),
                Arguments.of(filter().industry("nope"), "filter.industryCode"),
                Arguments.of(filter().maxPrice(-1), "filter.maxUnitPriceFen"),
                Arguments.of(filter().window(day(0), day(3)).quantity(0), "filter.minFreeQuantity"),
                Arguments.of(filter().quantity(5), "filter.from"),
                Arguments.of(new Filter().from(day(0)), "filter.to"),
                Arguments.of(new Filter().to(day(0)), "filter.from"),
                Arguments.of(filter().window(day(3), day(2)), "filter.to"),
                Arguments.of(filter().window(day(0), day(366)), "filter.to"));
    }

    @ParameterizedTest
    @MethodSource("invalidFilters")
    void listings_invalidFilter_isRefusedNamingTheField(Filter filter, String field) {
        assertThatThrownBy(() -> search(filter, null))
                .satisfies(refused(field));
    }

    @Test
    void listings_windowOf366Days_isAccepted() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)));

        assertThat(ids(search(filter().window(day(0), day(365)).quantity(3100), null))).containsExactly("a");
    }

    @Test
    void listings_firstOutOfRange_isRefusedNamingFirst() {
        assertThatThrownBy(() -> controller.listings(null, null, 0, null))
                .satisfies(refused("first"));
    }

    @Test
    void listings_projectedByAnotherNode_foundAfterReload() {
        apply(published("here", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)));
        assertThat(ids(search(null, null))).containsExactly("here");
        var otherNode = new ListingProjection(views, new ListingCatalog(views, 60));
        otherNode.on(published("there", "f1", EMBROIDERY, 50, 0, "山东", "青岛", TODAY, day(30)), 0);
        otherNode.on(priceChanged("here", 500), 1);

        catalog.reload();

        assertThat(ids(search(null, null))).containsExactly("there", "here");
    }

    @Test
    void listing_knownAndUnknownId_answersTheViewOrNull() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)));

        assertThat(controller.listing("a").id()).isEqualTo("a");
        assertThat(controller.listing("nope")).isNull();
    }

    @Test
    void myListings_factoryActor_ownListingsInEveryStatusByIdInPages() {
        apply(published("m2", "mine", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                published("m1", "mine", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                withdrawn("m1"),
                published("m3", "mine", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)),
                paused("m3"),
                published("x1", "theirs", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)));
        var actor = new Actor("user-1", "mine", "FACTORY");

        var first = controller.myListings(2, null, actor);
        var second = controller.myListings(2, first.pageInfo().endCursor(), actor);

        assertThat(ids(first)).containsExactly("m1", "m2");
        assertThat(first.pageInfo().hasNextPage()).isTrue();
        assertThat(ids(second)).containsExactly("m3");
        assertThat(second.pageInfo().hasNextPage()).isFalse();
    }

    @Test
    void myListings_noActorOrNoFirm_isEmpty() {
        apply(published("m1", "mine", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(30)));

        assertThat(controller.myListings(20, null, null).edges()).isEmpty();
        assertThat(controller.myListings(20, null, new Actor("anonymous", null, "ANONYMOUS")).edges()).isEmpty();
        assertThat(controller.myListings(20, null, null).pageInfo().hasNextPage()).isFalse();
    }

    @Test
    void days_noArguments_theBookableRangeAtMost366Days() {
        apply(published("short", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(9)),
                published("long", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(799)));

        assertThat(controller.days(controller.listing("short"), null, null)).hasSize(10);
        var longDays = controller.days(controller.listing("long"), null, null);
        assertThat(longDays).hasSize(366);
        assertThat(longDays.get(0).date()).isEqualTo(TODAY);
        assertThat(controller.days(controller.listing("long"), day(700), null)).hasSize(100);
        assertThat(controller.days(controller.listing("long"), null, day(4))).hasSize(5);
        assertThat(controller.days(controller.listing("short"), day(20), null)).isEmpty();
    }

    @Test
    void days_explicitRange_exactlyThoseDaysWithUtilisation() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(9)),
                reserved("a", "o1", units(day(1), 40)));

        var days = controller.days(controller.listing("a"), day(1), day(1));

        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("a:" + day(1));
            assertThat(d.reserved()).isEqualTo(40);
            assertThat(d.free()).isEqualTo(60);
            assertThat(d.utilisationPercent()).isEqualTo(40.0);
        });
    }

    @Test
    void days_reversedOrLongerThan366Days_isRefusedNamingTo() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(9)));
        var listing = controller.listing("a");

        assertThatThrownBy(() -> controller.days(listing, day(3), day(2)))
                .satisfies(refused("to"));
        assertThatThrownBy(() -> controller.days(listing, day(0), day(366)))
                .satisfies(refused("to"));
        assertThat(controller.days(listing, day(0), day(365))).hasSize(366);
    }

    @Test
    void step_listingStepCode_comesFromTheTaxonomy() {
        apply(published("a", "f1", EMBROIDERY, 100, 0, "山东", "青岛", TODAY, day(9)));

        var step = controller.step(controller.listing("a"));

        assertThat(step.code()).isEqualTo(EMBROIDERY);
        assertThat(step.nameZh()).isEqualTo("刺绣");
    }

    /** The client's error, naming {@code argument}. */
    private static ThrowingConsumer<Throwable> refused(String argument) {
        return thrown -> assertThat(thrown).isInstanceOfSatisfying(
                InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument));
    }

    private Connection<ListingView> search(Filter filter, ListingSort sort) {
        return controller.listings(filter == null ? null : filter.build(), sort, 100, null);
    }

    private void apply(ListingEvent... events) {
        for (var event : events) {
            long sequence = sequences.merge(event.listingId(), 0L, (old, zero) -> old + 1);
            projection.on(event, sequence);
        }
    }

    private static List<String> ids(Connection<ListingView> connection) {
        return connection.edges().stream().map(edge -> edge.node().id()).toList();
    }

    static Filter filter() {
        return new Filter();
    }

    /** Builds a {@link ListingFilter} as a client would send it. */
    static final class Filter {
        private String step;
        private String industry;
        private String province;
        private String city;
        private Long quantity;
        private LocalDate from;
        private LocalDate to;
        private Long maxPrice;

        Filter step(String value) {
            step = value;
            return this;
        }

        Filter industry(String value) {
            industry = value;
            return this;
        }

        Filter province(String value) {
            province = value;
            return this;
        }

        Filter city(String value) {
            city = value;
            return this;
        }

        Filter quantity(long value) {
            quantity = value;
            return this;
        }

        Filter window(LocalDate first, LocalDate last) {
            from = first;
            to = last;
            return this;
        }

        Filter from(LocalDate value) {
            from = value;
            return this;
        }

        Filter to(LocalDate value) {
            to = value;
            return this;
        }

        Filter maxPrice(long value) {
            maxPrice = value;
            return this;
        }

        ListingFilter build() {
            return new ListingFilter(step, industry, province, city, quantity, from, to, maxPrice);
        }

        @Override
        public String toString() {
            return build().toString();
        }
    }
}
