package com.sharefab.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.order.MaterialQuantity;
import com.sharefab.events.order.OrderCancelledEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.ReadModelUpdates;
import com.sharefab.query.listing.ReservationHoldsAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The count behind the cap on a buyer's unpaid reservations, checked at every {@code placeOrder}: what counts, that
 * events delivered twice count once, and that it reads by {@code _id} only, however many orders the store holds.
 */
class OrderUnpaidReservationsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final LocalDate DAY1 = LocalDate.of(2026, 12, 3);
    private static final Actor BUYER = new Actor("li-na", "buyer-1", "BUYER");
    private static final Actor SYSTEM = Actor.system();

    @AutoClose
    private static final TestMongo mongo = new TestMongo();

    private OrderProjection projection;
    private ReservationHoldsAccess holds;
    private OrderUnpaidReservations unpaid;
    private final Map<String, Long> sequences = new HashMap<>();

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        var views = new OrderViews(database, new ReadModelUpdates());
        projection = new OrderProjection(views);
        holds = new ReservationHoldsAccess(database);
        unpaid = new OrderUnpaidReservations(views, holds.holds());
    }

    @Test
    void count_placedAndPaymentDueCount_paidAndCancelledDoNot() {
        place("o1", "buyer-1");
        assertThat(unpaid.count("buyer-1")).isEqualTo(1);

        reserve("o1", "buyer-1"); // the hold belongs to the order: still one
        assertThat(unpaid.count("buyer-1")).isEqualTo(1);

        place("o2", "buyer-1");
        place("o3", "buyer-2");
        assertThat(unpaid.count("buyer-1")).isEqualTo(2);
        assertThat(unpaid.count("buyer-2")).isEqualTo(1);

        apply(SYSTEM, new OrderPaidEvent("o1", Money.cny(900), "pay-1", T0.plus(Duration.ofHours(48)), T0));
        assertThat(unpaid.count("buyer-1")).as("paid: its hold lives on until consumed, unpaid it is not")
                .isEqualTo(1);

        apply(BUYER, new OrderCancelledEvent("o2", "changed my mind", false, T0));
        assertThat(unpaid.count("buyer-1")).isZero();
        assertThat(unpaid.count("buyer-2")).isEqualTo(1);
    }

    @Test
    void count_capacityReservedWithoutAnOrder_countsUntilReleasedOrConsumed() {
        holds.on(new CapacityReservedEvent("l1", "direct-1", 10, List.of(new DayAllocation(DAY1, 10)),
                Money.cny(150), T0), "buyer-1");
        holds.on(new CapacityReservedEvent("l2", "direct-2", 10, List.of(new DayAllocation(DAY1, 10)),
                Money.cny(150), T0), "buyer-1");
        assertThat(unpaid.count("buyer-1")).isEqualTo(2);
        assertThat(unpaid.holds("buyer-1", "l1", "direct-1")).isTrue();
        assertThat(unpaid.holds("buyer-2", "l1", "direct-1")).as("another buyer's hold").isFalse();

        holds.on(new CapacityReleasedEvent("l1", "direct-1", List.of(new DayAllocation(DAY1, 10)), T0));
        holds.on(new CapacityConsumedEvent("l2", "direct-2", List.of(new DayAllocation(DAY1, 10)), T0));

        assertThat(unpaid.count("buyer-1")).isZero();
        assertThat(unpaid.holds("buyer-1", "l1", "direct-1")).isFalse();
    }

    @Test
    void count_everyEventDeliveredTwice_countsOnce() {
        place("o1", "buyer-1");
        place("o1", "buyer-1"); // redelivered: same sequence
        var direct = new CapacityReservedEvent("l1", "direct-1", 10, List.of(new DayAllocation(DAY1, 10)),
                Money.cny(150), T0);
        holds.on(direct, "buyer-1");
        holds.on(direct, "buyer-1");

        assertThat(unpaid.count("buyer-1")).isEqualTo(2);

        var release = new CapacityReleasedEvent("l1", "direct-1", List.of(new DayAllocation(DAY1, 10)), T0);
        holds.on(release);
        holds.on(release);
        assertThat(unpaid.count("buyer-1")).isEqualTo(1);
    }

    @Test
    void countAndHolds_manyOrdersInTheStore_readByIdWithoutScanning() {
        for (int i = 0; i < 200; i++) {
            place("other-" + i, "buyer-" + (i % 20 + 2));
            reserve("other-" + i, "buyer-" + (i % 20 + 2));
        }
        place("o1", "buyer-1");
        reserve("o1", "buyer-1");
        holds.on(new CapacityReservedEvent("l1", "direct-1", 10, List.of(new DayAllocation(DAY1, 10)),
                Money.cny(150), T0), "buyer-1");
        mongo.backend.resetCounters();

        assertThat(unpaid.holds("buyer-1", "l1", "o2")).isFalse();
        assertThat(unpaid.count("buyer-1")).isEqualTo(2);

        assertThat(mongo.backend.scans(OrderViews.COLLECTION)).isZero();
        assertThat(mongo.backend.scans("reservation_holds")).isZero();
        assertThat(mongo.backend.scans(OrderViews.UNPAID_BY_BUYER)).isZero();
        assertThat(mongo.backend.scans("buyer_reservations")).isZero();
    }

    @Test
    void reset_forgetsEveryBuyersCount() {
        place("o1", "buyer-1");
        holds.on(new CapacityReservedEvent("l1", "direct-1", 10, List.of(new DayAllocation(DAY1, 10)),
                Money.cny(150), T0), "buyer-1");

        projection.reset();
        holds.reset();

        assertThat(unpaid.count("buyer-1")).isZero();
    }

    private void place(String orderId, String buyerFirmId) {
        sequences.remove(orderId);
        apply(new Actor("someone", buyerFirmId, "BUYER"), new OrderPlacedEvent(orderId, buyerFirmId, "factory-1", "l1",
                "headwear.embroidery", 6, DAY1, DAY1.plusDays(5), List.of(new MaterialQuantity("caps", 6)),
                Money.cny(220), T0));
    }

    /** The saga's work: the listing holds the units, the order learns its price. */
    private void reserve(String orderId, String buyerFirmId) {
        holds.on(new CapacityReservedEvent("l1", orderId, 6, List.of(new DayAllocation(DAY1, 6)), Money.cny(150), T0),
                buyerFirmId);
        apply(SYSTEM, new OrderCapacityReservedEvent(orderId, Money.cny(150), Money.cny(900),
                List.of(new DayAllocation(DAY1, 6)), T0.plus(Duration.ofMinutes(30)), T0));
    }

    private void apply(Actor actor, OrderEvent event) {
        long sequence = sequences.merge(event.orderId(), 0L, (old, zero) -> old + 1);
        projection.on(event, sequence, T0.plusSeconds(sequence), actor.userId(), actor.firmId(), actor.role());
    }
}
