package com.sharefab.app.listing;

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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoDatabase;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.listing.ListingTestData.ReservePayload;
import com.sharefab.app.cluster.TwoNodes;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservationRejectedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Two nodes, one MongoDB: reservations raced on both at once never hold more units of a day than it has. The
 * aggregate decides (its commits meet on the event store's unique stream keys; the loser is retried on fresh state),
 * every loser hears a NO_CAPACITY rejection, never an error, and the read model on both nodes agrees with the
 * aggregate. A phone subscribed on one node hears of a reservation made on the other.
 */
class NoOverbookingIT {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(NoOverbookingIT.class);

    private static final long CAPACITY = 20;
    private static final long PRE_RESERVED = 8;
    private static final int REQUESTS = 60;
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);

    @AutoClose
    private static TwoNodes nodes;
    /** What the command gateway's retry scheduler says: one line per retry of a command that lost a write race. */
    private static final ListAppender<ILoggingEvent> retries = new ListAppender<>();

    @BeforeAll
    static void startTwoNodesOnOneServer() {
        nodes = TwoNodes.start();
        // After both starts: each start reconfigures logging from logback-test.xml.
        var retryLogger = (Logger) LoggerFactory.getLogger(AbstractRetryScheduler.class);
        retryLogger.setLevel(Level.INFO);
        retries.start();
        retryLogger.addAppender(retries);
    }

    @Test
    void reserveCapacity_sixtyRacedOverTwoNodes_neverOverbooksAndEveryLoserIsRejectedNoCapacity() throws Exception {
        var a = GraphQlClients.http(nodes.portA());
        var b = GraphQlClients.http(nodes.portB());
        var factoryId = registerFirm(nodes.portA(), "FACTORY");
        var buyerId = registerFirm(nodes.portA(), "BUYER");
        var target = day(1);
        var city = aCity();
        var publication = aPublication(aListingId());
        publication.put("dailyCapacity", CAPACITY);
        publication.put("bookableFrom", target.toString());
        publication.put("bookableTo", target.toString());
        publication.put("city", city);
        var listingId = publish(actingFor(nodes.portA(), factoryId, "FACTORY"), publication).id();
        var preOrder = anOrderId();
        assertThat(reserve(actingFor(nodes.portB(), buyerId, "BUYER"),
                aReservation(listingId, preOrder, PRE_RESERVED, target, target)).reservation()).isNotNull();

        var buyers = List.of(actingFor(nodes.portA(), buyerId, "BUYER"), actingFor(nodes.portB(), buyerId, "BUYER"));
        var outcomes = race(buyers, listingId, target);

        // No errors at all: a lost race is a rejection in the payload, never a GraphQL error.
        assertThat(outcomes).flatExtracting(Outcome::errors).isEmpty();
        var won = outcomes.stream().filter(o -> o.payload().reservation() != null).toList();
        var lost = outcomes.stream().filter(o -> o.payload().reservation() == null).toList();
        assertThat(lost).extracting(o -> o.payload().rejection().reason()).containsOnly("NO_CAPACITY");
        assertThat(lost).as("some lost: %s won", won.size()).isNotEmpty();
        for (var outcome : won) {
            assertThat(outcome.payload().rejection()).isNull();
            assertThat(outcome.payload().reservation().quantity()).isEqualTo(outcome.quantity());
            assertThat(outcome.payload().reservation().allocations())
                    .extracting("date", "quantity")
                    .containsExactly(tuple(target.toString(), outcome.quantity()));
        }
        long wonUnits = won.stream().mapToLong(Outcome::quantity).sum();
        long conflicts = retries.list.stream().filter(e -> e.getFormattedMessage().contains("Will retry")).count();
        log.info("Race: {} won ({} units), {} rejected, {} commits lost a write race and were retried",
                won.size(), wonUnits, lost.size(), conflicts);
        assertThat(PRE_RESERVED + wonUnits).as("units held on %s", target).isLessThanOrEqualTo(CAPACITY);
        assertThat(conflicts).as("commits of the two nodes collided (Axon's retry log line)").isPositive();

        // The aggregate holds exactly what the winners were told: its events are its state.
        var history = history(listingId);
        assertThat(history.reservedOn(target)).isEqualTo(PRE_RESERVED + wonUnits);
        var winners = new ArrayList<>(won.stream().map(Outcome::orderId).toList());
        winners.add(preOrder);
        assertThat(history.reservedOrders()).containsExactlyInAnyOrderElementsOf(winners);
        assertThat(history.rejectedOrders()).containsExactlyInAnyOrderElementsOf(
                lost.stream().map(Outcome::orderId).toList());
        assertThat(history.sequences()).as("one contiguous stream").isEqualTo(
                LongStream.range(0, history.sequences().size()).boxed().toList());

        // Both nodes' read model shows the aggregate's view once projected.
        awaitProjected(listingId);
        long free = CAPACITY - PRE_RESERVED - wonUnits;
        for (var node : List.of(a, b)) {
            var day = listing(node, listingId, target, target).day(target);
            assertThat(day.reserved()).isEqualTo(PRE_RESERVED + wonUnits);
            assertThat(day.free()).isEqualTo(free);
        }

        // And the aggregate agrees on what is left: exactly `free` more fit, one more does not.
        if (free > 0) {
            assertThat(reserve(buyers.get(0), aReservation(listingId, anOrderId(), free, target, target))
                    .reservation()).isNotNull();
        }
        assertThat(reserve(buyers.get(1), aReservation(listingId, anOrderId(), 1, target, target)).rejection().reason())
                .isEqualTo("NO_CAPACITY");
        awaitProjected(listingId);
        var soldOut = new HashMap<String, Object>(Map.of(
                "city", city, "from", target.toString(), "to", target.toString(), "minFreeQuantity", 1));
        for (var node : List.of(a, b)) {
            assertThat(listing(node, listingId, target, target).day(target).free()).isZero();
            awaitTrue(() -> search(node, soldOut, null, 5).isEmpty(), "sold out in the catalog of both nodes");
            assertThat(ids(search(node, Map.of("city", city), null, 5))).containsExactly(listingId);
        }
    }

    @Test
    void listingAvailabilityChanged_reservationOnTheOtherNode_subscriberHearsIt() throws Exception {
        var a = GraphQlClients.http(nodes.portA());
        var b = GraphQlClients.http(nodes.portB());
        var publication = aPublication(aListingId());
        publication.put("dailyCapacity", 30);
        var listingId =
                publish(actingFor(nodes.portA(), registerFirm(nodes.portA(), "FACTORY"), "FACTORY"), publication).id();
        var buyerOnB = actingFor(nodes.portB(), registerFirm(nodes.portB(), "BUYER"), "BUYER");

        try (var phoneOnA = new AvailabilitySubscriber(nodes.portA(), listingId, day(1), day(1))) {
            var heard = ListingSubscriptionIT.reserveUntilHeard(buyerOnB, listingId, phoneOnA);

            assertThat(heard.change().id()).isEqualTo(listingId);
            assertThat(heard.change().day(day(1)).free()).isEqualTo(30 - heard.reserved());
        }
    }

    // --- the race ------------------------------------------------------------------------------------------------------

    /** {@value #REQUESTS} reservations of 1-3 units for the same day, alternating between the nodes, all at once. */
    private static List<Outcome> race(List<HttpGraphQlTester> buyers, String listingId, LocalDate day)
            throws Exception {
        var pool = Executors.newFixedThreadPool(24);
        var gate = new CountDownLatch(1);
        try {
            var requests = new ArrayList<Callable<Outcome>>();
            for (int i = 0; i < REQUESTS; i++) {
                var buyer = buyers.get(i % 2);
                var orderId = "race-" + i + "-" + anOrderId();
                long quantity = 1 + i % 3;
                requests.add(() -> {
                    gate.await();
                    var response = buyer.documentName("reserveCapacity")
                            .variable("input", aReservation(listingId, orderId, quantity, day, day))
                            .execute();
                    var errors = new ArrayList<ResponseError>();
                    response.errors().satisfy(errors::addAll);
                    var payload = errors.isEmpty()
                            ? response.path("reserveCapacity").entity(ReservePayload.class).get()
                            : null;
                    return new Outcome(orderId, quantity, payload, errors);
                });
            }
            var futures = new ArrayList<Future<Outcome>>();
            requests.forEach(request -> futures.add(pool.submit(request)));
            gate.countDown();
            var outcomes = new ArrayList<Outcome>();
            for (var future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One request of the race: what it asked for and what it was told. */
    record Outcome(String orderId, long quantity, ReservePayload payload, List<ResponseError> errors) {}

    // --- the aggregate's view: its event stream ----------------------------------------------------------------------

    private static History history(String listingId) {
        var reserved = new HashMap<LocalDate, Long>();
        var reservedOrders = new ArrayList<String>();
        var rejectedOrders = new ArrayList<String>();
        var sequences = new ArrayList<Long>();
        nodes.nodeA().getBean(EventStore.class).readEvents(listingId).asStream().forEach(message -> {
            sequences.add(((DomainEventMessage<?>) message).getSequenceNumber());
            var event = message.getPayload();
            if (event instanceof CapacityReservedEvent e) {
                reservedOrders.add(e.orderId());
                e.allocations().forEach(a -> reserved.merge(a.day(), a.quantity(), Long::sum));
            } else if (event instanceof CapacityReleasedEvent e) {
                e.allocations().forEach(a -> reserved.merge(a.day(), -a.quantity(), Long::sum));
            } else if (event instanceof CapacityReservationRejectedEvent e) {
                rejectedOrders.add(e.orderId());
            }
        });
        return new History(reserved, reservedOrders, rejectedOrders, sequences);
    }

    record History(
            Map<LocalDate, Long> reserved,
            List<String> reservedOrders,
            List<String> rejectedOrders,
            List<Long> sequences) {

        long reservedOn(LocalDate day) {
            return reserved.getOrDefault(day, 0L);
        }
    }

    /** Until the shared read model applied the listing's last event (whichever node projected it). */
    private static void awaitProjected(String listingId) throws InterruptedException {
        long last = nodes.nodeA().getBean(EventStore.class).lastSequenceNumberFor(listingId).orElseThrow();
        var views = nodes.nodeA().getBean(MongoDatabase.class).getCollection("listing_views");
        awaitTrue(() -> {
            var view = views.find(new Document("_id", listingId)).first();
            return view != null && view.getLong("lastSequence") >= last;
        }, "listing " + listingId + " projected up to sequence " + last);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PROJECTION_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PROJECTION_WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
