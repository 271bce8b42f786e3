package com.sharefab.query.listing;

import static com.sharefab.query.listing.ListingTestData.CLOCK;
import static com.sharefab.query.listing.ListingTestData.TODAY;
import static com.sharefab.query.listing.ListingTestData.consumed;
import static com.sharefab.query.listing.ListingTestData.day;
import static com.sharefab.query.listing.ListingTestData.priceChanged;
import static com.sharefab.query.listing.ListingTestData.published;
import static com.sharefab.query.listing.ListingTestData.rejected;
import static com.sharefab.query.listing.ListingTestData.reserved;
import static com.sharefab.query.listing.ListingTestData.units;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.Money;
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one database and one event store. Node A handles the commands and runs the projection; node B
 * only serves subscribers and searches. B must learn of A's changes from the event store and the shared read model,
 * since no signal of A's projection reaches it.
 */
class ListingChangeFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestMongo mongo;

    private EmbeddedEventStore eventStore;
    private ListingProjection projectionOnA;
    private ListingViews viewsOnB;
    private ListingCatalog catalogOnB;
    private ListingSubscriptions subscriptionsOnB;
    private ListingChangeFeed feedOnB;
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
        MongoDatabase database = mongo.freshDatabase();
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        var viewsOnA = new ListingViews(database, new ReadModelUpdates());
        projectionOnA = new ListingProjection(viewsOnA, new ListingCatalog(viewsOnA, 60));
        viewsOnB = new ListingViews(database, new ReadModelUpdates());
        catalogOnB = new ListingCatalog(viewsOnB, 60);
        subscriptionsOnB = new ListingSubscriptions();
        feedOnB = new ListingChangeFeed(eventStore, viewsOnB, catalogOnB, subscriptionsOnB);
        feedOnB.start();
    }

    @AfterEach
    void tearDown() {
        feedOnB.stop();
        eventStore.shutDown();
    }

    @Test
    void changeOnAnotherNode_projectedLate_subscriberHereGetsTheFreshView() throws Exception {
        onA(published("a", "f1", "headwear.embroidery", 100, 0, "山东", "青岛", TODAY, day(9)));
        var next = subscribeOnB("a", 1);

        // The event is in the store before A's projection applies it: B must wait for the read model.
        var event = priceChanged("a", 180);
        long sequence = append(event);
        TimeUnit.MILLISECONDS.sleep(300);
        projectionOnA.on(event, sequence);

        var views = next.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(views).singleElement().satisfies(view -> {
            assertThat(view.unitPrice()).isEqualTo(Money.cny(180));
            assertThat(view.lastSequence()).isEqualTo(1);
        });
    }

    @Test
    void changeOnAnotherNode_rejectionAndConsumptionFirst_onlyTheReservationFires() throws Exception {
        onA(published("a", "f1", "headwear.embroidery", 100, 0, "山东", "青岛", TODAY, day(9)),
                reserved("a", "o1", units(day(1), 10)));
        var next = subscribeOnB("a", 1);

        onA(rejected("a", "o2"), consumed("a", "o1", units(day(1), 10)), reserved("a", "o3", units(day(2), 5)));

        assertThat(next.get(WAIT.toSeconds(), TimeUnit.SECONDS)).singleElement().satisfies(view -> {
            assertThat(view.lastSequence()).isEqualTo(4);
            assertThat(view.reservedOn(day(2))).isEqualTo(5);
        });
    }

    @Test
    void changeOnAnotherNode_burstOnOneListing_subscriberEndsOnTheLastStateInOrder() throws Exception {
        onA(published("a", "f1", "headwear.embroidery", 100, 0, "山东", "青岛", TODAY, day(9)));
        var received = new CopyOnWriteArrayList<ListingView>();
        var subscription = subscriptionsOnB.changes("a", id -> viewsOnB.find(id).orElse(null))
                .subscribe(received::add);

        for (int fen = 101; fen <= 120; fen++) {
            onA(priceChanged("a", fen));
        }

        awaitTrue(() -> !received.isEmpty() && received.get(received.size() - 1).lastSequence() == 20);
        assertThat(received).extracting(ListingView::lastSequence).isSorted().doesNotHaveDuplicates();
        assertThat(received.get(received.size() - 1).unitPrice()).isEqualTo(Money.cny(120));
        subscription.dispose();
    }

    @Test
    void publishOnAnotherNode_noReload_catalogHereFindsIt() throws Exception {
        catalogOnB.reload();
        assertThat(catalogOnB.size()).isZero();

        onA(published("a", "f1", "headwear.embroidery", 100, 0, "山东", "青岛", TODAY, day(9)));

        awaitTrue(() -> catalogOnB.size() == 1);
        var controller = new ListingQueryController(viewsOnB, catalogOnB, new BusinessDay(CLOCK));
        assertThat(controller.listings(null, ListingSort.PRICE_ASC, 10, null).edges())
                .extracting(edge -> edge.node().id())
                .containsExactly("a");
    }

    @Test
    void unsubscribe_lastSubscriberLeaves_listingChannelIsDropped() {
        var first = subscriptionsOnB.changes("a", id -> null).subscribe();
        var second = subscriptionsOnB.changes("a", id -> null).subscribe();

        first.dispose();
        assertThat(subscriptionsOnB.isListening("a")).isTrue();
        second.dispose();

        assertThat(subscriptionsOnB.isListening("a")).isFalse();
    }

    @Test
    void stop_thenStart_feedFollowsTheStoreAgain() throws Exception {
        feedOnB.stop();
        feedOnB.start();

        onA(published("a", "f1", "headwear.embroidery", 100, 0, "山东", "青岛", TODAY, day(9)));

        awaitTrue(() -> catalogOnB.size() == 1);
    }

    private CompletableFuture<List<ListingView>> subscribeOnB(String listingId, int count) {
        return subscriptionsOnB.changes(listingId, id -> viewsOnB.find(id).orElse(null))
                .take(count)
                .collectList()
                .toFuture();
    }

    /** Node A: the command side appends, then A's projection applies. */
    private void onA(ListingEvent... events) {
        for (var event : events) {
            projectionOnA.on(event, append(event));
        }
    }

    private long append(ListingEvent event) {
        long sequence = sequences.merge(event.listingId(), 0L, (old, zero) -> old + 1);
        eventStore.publish(new GenericDomainEventMessage<>("CapacityListing", event.listingId(), sequence, event));
        return sequence;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
