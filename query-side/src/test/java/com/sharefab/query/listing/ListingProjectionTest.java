package com.sharefab.query.listing;

import static com.sharefab.query.listing.ListingTestData.FACTORY;
import static com.sharefab.query.listing.ListingTestData.NOW;
import static com.sharefab.query.listing.ListingTestData.TODAY;
import static com.sharefab.query.listing.ListingTestData.aListingPublishedEvent;
import static com.sharefab.query.listing.ListingTestData.capacityChanged;
import static com.sharefab.query.listing.ListingTestData.closed;
import static com.sharefab.query.listing.ListingTestData.consumed;
import static com.sharefab.query.listing.ListingTestData.day;
import static com.sharefab.query.listing.ListingTestData.paused;
import static com.sharefab.query.listing.ListingTestData.priceChanged;
import static com.sharefab.query.listing.ListingTestData.rejected;
import static com.sharefab.query.listing.ListingTestData.released;
import static com.sharefab.query.listing.ListingTestData.reopened;
import static com.sharefab.query.listing.ListingTestData.reserved;
import static com.sharefab.query.listing.ListingTestData.resumed;
import static com.sharefab.query.listing.ListingTestData.units;
import static com.sharefab.query.listing.ListingTestData.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.Money;
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listing projection against the embedded MongoDB wire server, reached through the real driver. */
class ListingProjectionTest {

    private static final String LISTING = "listing-1";

    private static TestMongo mongo;

    private MongoDatabase database;
    private ListingViews views;
    private ListingCatalog catalog;
    private ListingProjection projection;
    private long sequence;

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
        database = mongo.freshDatabase();
        views = new ListingViews(database, new ReadModelUpdates());
        catalog = new ListingCatalog(views, 60);
        projection = new ListingProjection(views, catalog);
        sequence = 0;
    }

    @Test
    void on_listingPublished_viewShowsEverythingPublishedAndIsActive() {
        apply(aListingPublishedEvent(LISTING));

        var view = views.find(LISTING).orElseThrow();
        assertThat(view.factoryFirmId()).isEqualTo(FACTORY);
        assertThat(view.stepCode()).isEqualTo("headwear.embroidery");
        assertThat(view.unit()).isEqualTo("piece");
        assertThat(view.unitPrice()).isEqualTo(Money.cny(150));
        assertThat(view.minOrderQuantity()).isEqualTo(50);
        assertThat(view.dailyCapacity()).isEqualTo(100);
        assertThat(view.bookableFrom()).isEqualTo(TODAY);
        assertThat(view.bookableTo()).isEqualTo(TODAY.plusDays(29));
        assertThat(view.closedDays()).containsExactly(day(5));
        assertThat(view.leadTimeDays()).isEqualTo(2);
        assertThat(view.province()).isEqualTo("山东");
        assertThat(view.city()).isEqualTo("青岛");
        assertThat(view.requiredMaterials()).containsExactly("caps", "thread");
        assertThat(view.qualityStandard()).isEqualTo("GB/T 2912");
        assertThat(view.status()).isEqualTo(ListingStatus.ACTIVE);
        assertThat(view.reserved()).isEmpty();
        assertThat(view.publishedAt()).isEqualTo(NOW);
        assertThat(view.lastSequence()).isZero();
    }

    @Test
    void on_listingPublished_documentIsReadableWithIndustryForAuditors() {
        apply(aListingPublishedEvent(LISTING));

        var document = database.getCollection(ListingViews.COLLECTION).find().first();
        assertThat(document).containsEntry("industryCode", "headwear")
                .containsEntry("unitPriceFen", 150L)
                .containsEntry("bookableFrom", "2026-11-23")
                .containsEntry("status", "ACTIVE");
    }

    @Test
    void on_priceChanged_viewShowsNewPrice() {
        apply(aListingPublishedEvent(LISTING), priceChanged(LISTING, 199));

        assertThat(view().unitPrice()).isEqualTo(Money.cny(199));
        assertThat(view().lastSequence()).isEqualTo(1);
    }

    @Test
    void on_dailyCapacityChanged_viewShowsNewCapacityAndFreeUnits() {
        apply(aListingPublishedEvent(LISTING), reserved(LISTING, "order-1", units(day(3), 30)),
                capacityChanged(LISTING, 40));

        assertThat(view().dailyCapacity()).isEqualTo(40);
        assertThat(view().freeOn(day(3))).isEqualTo(10);
        assertThat(view().freeOn(day(4))).isEqualTo(40);
    }

    @Test
    void on_daysClosed_closedDaysAreSortedAndUnique() {
        apply(aListingPublishedEvent(LISTING), closed(LISTING, day(9), day(5), day(7)));

        assertThat(view().closedDays()).containsExactly(day(5), day(7), day(9));
        assertThat(view().freeOn(day(7))).isZero();
    }

    @Test
    void on_daysReopened_thoseDaysAreOpenAgain() {
        apply(aListingPublishedEvent(LISTING), closed(LISTING, day(7)), reopened(LISTING, day(5), day(7)));

        assertThat(view().closedDays()).isEmpty();
        assertThat(view().freeOn(day(5))).isEqualTo(100);
    }

    @Test
    void on_pausedResumedWithdrawn_statusFollows() {
        apply(aListingPublishedEvent(LISTING), paused(LISTING));
        assertThat(view().status()).isEqualTo(ListingStatus.PAUSED);

        apply(resumed(LISTING));
        assertThat(view().status()).isEqualTo(ListingStatus.ACTIVE);

        apply(withdrawn(LISTING));
        assertThat(view().status()).isEqualTo(ListingStatus.WITHDRAWN);
        assertThat(view().earliestFreeDay(TODAY)).isNull();
    }

    @Test
    void on_capacityReserved_addsUnitsToTheirDays() {
        apply(aListingPublishedEvent(LISTING),
                reserved(LISTING, "order-1", units(day(3), 100), units(day(4), 20)),
                reserved(LISTING, "order-2", units(day(4), 30)));

        assertThat(view().reserved()).isEqualTo(Map.of(day(3), 100L, day(4), 50L));
        assertThat(view().freeOn(day(3))).isZero();
        assertThat(view().freeOn(day(4))).isEqualTo(50);
    }

    @Test
    void on_capacityReleased_freesItsDays() {
        apply(aListingPublishedEvent(LISTING),
                reserved(LISTING, "order-1", units(day(3), 100), units(day(4), 20)),
                reserved(LISTING, "order-2", units(day(4), 30)),
                released(LISTING, "order-1", units(day(3), 100), units(day(4), 20)));

        assertThat(view().reserved()).isEqualTo(Map.of(day(4), 30L));
        assertThat(view().freeOn(day(3))).isEqualTo(100);
    }

    @Test
    void on_capacityConsumed_unitsStayCountedAsUsed() {
        apply(aListingPublishedEvent(LISTING),
                reserved(LISTING, "order-1", units(day(3), 60)),
                consumed(LISTING, "order-1", units(day(3), 60)));

        assertThat(view().reserved()).isEqualTo(Map.of(day(3), 60L));
        assertThat(view().freeOn(day(3))).isEqualTo(40);
        assertThat(view().lastSequence()).isEqualTo(2);
    }

    @Test
    void on_reservationRejected_onlyTheSequenceAdvances() {
        apply(aListingPublishedEvent(LISTING));
        var before = view();

        apply(rejected(LISTING, "order-9"));

        assertThat(view()).usingRecursiveComparison().ignoringFields("lastSequence").isEqualTo(before);
        assertThat(view().lastSequence()).isEqualTo(1);
    }

    @Test
    void on_sameEventTwice_leavesOneIdenticalDocument() {
        apply(aListingPublishedEvent(LISTING));
        var event = reserved(LISTING, "order-1", units(day(3), 30));
        projection.on(event, 1);
        var first = database.getCollection(ListingViews.COLLECTION).find().first();

        projection.on(event, 1);

        assertThat(database.getCollection(ListingViews.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(database.getCollection(ListingViews.COLLECTION).find().first()).isEqualTo(first);
        assertThat(view().reservedOn(day(3))).isEqualTo(30);
    }

    @Test
    void on_wholeHistoryDeliveredAgain_leavesTheSameDocument() {
        List<ListingEvent> history = List.of(
                aListingPublishedEvent(LISTING),
                reserved(LISTING, "order-1", units(day(3), 30)),
                closed(LISTING, day(8)),
                priceChanged(LISTING, 180),
                released(LISTING, "order-1", units(day(3), 30)),
                reserved(LISTING, "order-2", units(day(4), 10)));
        for (int i = 0; i < history.size(); i++) {
            projection.on(history.get(i), i);
        }
        var once = database.getCollection(ListingViews.COLLECTION).find().first();

        for (int i = 0; i < history.size(); i++) {
            projection.on(history.get(i), i);
        }

        assertThat(database.getCollection(ListingViews.COLLECTION).find().first()).isEqualTo(once);
    }

    @Test
    void on_eventForListingWithoutView_isSkipped() {
        projection.on(priceChanged("listing-unknown", 100), 3);

        assertThat(views.find("listing-unknown")).isEmpty();
    }

    @Test
    void on_anyEvent_readsAndWritesByIdWithoutScanning() {
        apply(aListingPublishedEvent("listing-other"));
        mongo.backend.resetCounters();

        apply(aListingPublishedEvent(LISTING));
        apply(reserved(LISTING, "order-1", units(day(3), 30)), priceChanged(LISTING, 120));
        views.findAll(List.of(LISTING, "listing-other"));

        assertThat(mongo.backend.scans(ListingViews.COLLECTION)).isZero();
    }

    @Test
    void writeIfUnchanged_foldedFromAnOlderView_losesAndLeavesTheNewerView() {
        apply(aListingPublishedEvent(LISTING));
        var published = view();
        apply(reserved(LISTING, "order-1", units(day(3), 30)));

        // A node that read the view before the reservation was applied (a segment handed over mid-batch).
        var stale = ListingFold.apply(published, priceChanged(LISTING, 999), 1);
        boolean written = views.writeIfUnchanged(stale, published.lastSequence());

        assertThat(written).isFalse();
        assertThat(view().reservedOn(day(3))).isEqualTo(30);
        assertThat(view().unitPrice()).isEqualTo(Money.cny(150));
    }

    @Test
    void writeIfUnchanged_secondInsertOfAPublication_loses() {
        var first = ListingFold.published(aListingPublishedEvent(LISTING), 0);

        assertThat(views.writeIfUnchanged(first, null)).isTrue();
        assertThat(views.writeIfUnchanged(first, null)).isFalse();
    }

    @Test
    void reset_afterListings_leavesNoViewsAndAnEmptyCatalog() {
        apply(aListingPublishedEvent(LISTING));
        catalog.reload();

        projection.reset();

        assertThat(views.find(LISTING)).isEmpty();
        assertThat(database.getCollection(ListingViews.COLLECTION).countDocuments()).isZero();
        assertThat(catalog.size()).isZero();
    }

    @Test
    void reset_thenReplay_rebuildsTheSameDocument() {
        apply(aListingPublishedEvent(LISTING), reserved(LISTING, "order-1", units(day(3), 30)));
        var before = database.getCollection(ListingViews.COLLECTION).find().first();

        projection.reset();
        projection.on(aListingPublishedEvent(LISTING), 0);
        projection.on(reserved(LISTING, "order-1", units(day(3), 30)), 1);

        assertThat(database.getCollection(ListingViews.COLLECTION).find().first()).isEqualTo(before);
    }

    @Test
    void ensureIndexes_newCollection_createsTheFactoryIndex() {
        var names = database.getCollection(ListingViews.COLLECTION).listIndexes().map(d -> d.getString("name"))
                .into(new ArrayList<>());

        assertThat(names).contains(ListingViews.FACTORY_INDEX);
        assertThat(database.getCollection(ListingViews.COLLECTION).listIndexes()
                        .map(d -> d.get("key", Document.class)).into(new ArrayList<>()))
                .contains(new Document("factoryFirmId", 1).append("_id", 1));
    }

    @Test
    void awaitSequence_eventProjectedWhileWaiting_answersTheView() throws Exception {
        apply(aListingPublishedEvent(LISTING));
        var waiting = CompletableFuture.supplyAsync(() -> views.awaitSequence(LISTING, 1, Duration.ofSeconds(5)));
        TimeUnit.MILLISECONDS.sleep(100);
        assertThat(waiting).isNotDone();

        projection.on(priceChanged(LISTING, 170), 1);

        assertThat(waiting.get(5, TimeUnit.SECONDS))
                .hasValueSatisfying(view -> assertThat(view.unitPrice()).isEqualTo(Money.cny(170)));
    }

    @Test
    void awaitSequence_alreadyPastThatSequence_answersAtOnce() {
        apply(aListingPublishedEvent(LISTING), priceChanged(LISTING, 170), priceChanged(LISTING, 180));

        assertThat(views.awaitSequence(LISTING, 1, Duration.ZERO))
                .hasValueSatisfying(view -> assertThat(view.lastSequence()).isEqualTo(2));
    }

    @Test
    void awaitSequence_projectedByAnotherNode_answersByPolling() throws Exception {
        apply(aListingPublishedEvent(LISTING));
        // Another node: its own signals, same database; nothing wakes our waiter but the poll.
        var otherNode = new ListingProjection(
                new ListingViews(database, new ReadModelUpdates()), new ListingCatalog(views, 60));
        var waiting = CompletableFuture.supplyAsync(() -> views.awaitSequence(LISTING, 1, Duration.ofSeconds(5)));
        TimeUnit.MILLISECONDS.sleep(100);

        otherNode.on(priceChanged(LISTING, 170), 1);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void awaitSequence_neverReached_isEmptyAfterTimeout() {
        apply(aListingPublishedEvent(LISTING));

        assertThat(views.awaitSequence(LISTING, 1, Duration.ofMillis(100))).isEmpty();
        assertThat(views.awaitSequence("listing-never", 0, Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void days_closedReservedAndOutsideRange_reportCapacityFreeAndUtilisation() {
        apply(aListingPublishedEvent(LISTING), reserved(LISTING, "order-1", units(day(3), 25)));

        var days = view().days(TODAY.minusDays(1), day(5));

        assertThat(days).hasSize(7);
        assertThat(days.get(0))
                .isEqualTo(new ListingDay(LISTING + ":2026-11-22", TODAY.minusDays(1), true, 0, 0, 0, 0));
        assertThat(days.get(1)).isEqualTo(new ListingDay(LISTING + ":2026-11-23", TODAY, false, 100, 0, 100, 0));
        assertThat(days.get(4)).isEqualTo(new ListingDay(LISTING + ":2026-11-26", day(3), false, 100, 25, 75, 25.0));
        assertThat(days.get(6)).isEqualTo(new ListingDay(LISTING + ":2026-11-28", day(5), true, 0, 0, 0, 0));
    }

    @Test
    void earliestFreeDay_leadTimeClosedAndFullDays_skipsThem() {
        // Lead time 2: day(2) is the first a booking today may use; day(2) full, day(3) closed, day(5) closed.
        apply(aListingPublishedEvent(LISTING), reserved(LISTING, "order-1", units(day(2), 100)),
                closed(LISTING, day(3)), reserved(LISTING, "order-2", units(day(4), 99)));

        assertThat(view().earliestFreeDay(TODAY)).isEqualTo(day(4));
        assertThat(view().earliestFreeDay(TODAY.minusDays(10))).isEqualTo(TODAY);
        assertThat(view().earliestFreeDay(TODAY.plusDays(28))).isNull();
    }

    private void apply(ListingEvent... events) {
        for (var event : events) {
            projection.on(event, event instanceof ListingPublishedEvent ? 0 : ++sequence);
        }
    }

    private ListingView view() {
        return views.find(LISTING).orElseThrow();
    }
}
