package com.sharefab.query.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.order.DisputeDecidedEvent;
import com.sharefab.events.order.DisputeOpenedEvent;
import com.sharefab.events.order.MaterialQuantity;
import com.sharefab.events.order.MaterialUse;
import com.sharefab.events.order.MaterialsReceivedEvent;
import com.sharefab.events.order.MaterialsShippedEvent;
import com.sharefab.events.order.OrderAcceptedEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderEscrowReleasedEvent;
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderRefundedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ProductionProgressReportedEvent;
import com.sharefab.events.order.ProductionStartedEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order projection against the embedded MongoDB wire server: a whole paid life, with materials custody, the
 * dispute, the money and the timeline read back from the stored document; redeliveries change nothing.
 */
class OrderProjectionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final LocalDate DAY1 = LocalDate.of(2026, 12, 3);
    private static final Actor BUYER = new Actor("li-na", "buyer-1", "BUYER");
    private static final Actor FACTORY = new Actor("wang-wei", "factory-1", "FACTORY");
    private static final Actor OPERATOR = new Actor("ops-1", null, "OPERATOR");
    private static final Actor SYSTEM = Actor.system();

    @AutoClose
    private static final TestMongo mongo = new TestMongo();

    private OrderViews views;
    private OrderProjection projection;
    private long sequence;

    @BeforeEach
    void setUp() {
        views = new OrderViews(mongo.freshDatabase(), new ReadModelUpdates());
        projection = new OrderProjection(views);
        sequence = 0;
    }

    private void apply(Actor actor, OrderEvent event) {
        long seq = sequence++;
        projection.on(event, seq, T0.plusSeconds(seq), actor.userId(), actor.firmId(), actor.role());
    }

    private void placeAndRunToShipment() {
        apply(BUYER, new OrderPlacedEvent("o1", "buyer-1", "factory-1", "l1", "headwear.embroidery", 600, DAY1,
                DAY1.plusDays(5), List.of(new MaterialQuantity("caps", 620), new MaterialQuantity("thread", 10)),
                Money.cny(220), T0));
        apply(SYSTEM, new OrderCapacityReservedEvent("o1", Money.cny(150), Money.cny(90_000),
                List.of(new DayAllocation(DAY1, 500), new DayAllocation(DAY1.plusDays(1), 100)),
                T0.plus(Duration.ofMinutes(30)), T0));
        apply(SYSTEM, new OrderPaidEvent("o1", Money.cny(90_000), "pay-1", T0.plus(Duration.ofHours(48)), T0));
        apply(FACTORY, new OrderAcceptedEvent("o1", T0));
        apply(BUYER, new MaterialsShippedEvent("o1", "顺丰", "SF1",
                List.of(new MaterialQuantity("caps", 620), new MaterialQuantity("thread", 10)), T0));
        apply(FACTORY, new MaterialsReceivedEvent("o1",
                List.of(new MaterialQuantity("caps", 618), new MaterialQuantity("thread", 10)), "2 caps missing", T0));
        apply(FACTORY, new ProductionStartedEvent("o1", T0));
        apply(FACTORY, new ProductionProgressReportedEvent("o1", "r1", 300, 4,
                List.of(new MaterialUse("caps", 304, 0), new MaterialUse("thread", 5, 0)), null, T0));
        apply(FACTORY, new ProductionProgressReportedEvent("o1", "r2", 296, 0,
                List.of(new MaterialUse("caps", 296, 2), new MaterialUse("thread", 4, 1)), "done", T0));
        apply(FACTORY, new OrderShippedEvent("o1", 596, "顺丰", "SF2", List.of(new MaterialQuantity("caps", 16)),
                T0.plus(Duration.ofDays(7)), T0.plus(Duration.ofDays(7)), T0));
    }

    @Test
    void paidLife_confirmedAndSettled_showsCustodyBalancedMoneyAndTimeline() {
        placeAndRunToShipment();
        apply(BUYER, new ReceiptConfirmedEvent("o1", false, T0));
        apply(SYSTEM, new OrderEscrowReleasedEvent("o1", "o1:release", Money.cny(87_300), Money.cny(2_700), T0));
        apply(SYSTEM, new OrderSettledEvent("o1", Money.cny(90_000), Money.cny(87_300), Money.cny(0),
                Money.cny(2_700), T0));

        var order = views.find("o1").orElseThrow();

        assertThat(order.status()).isEqualTo("SETTLED");
        assertThat(order.goodUnits()).isEqualTo(596);
        assertThat(order.defectiveUnits()).isEqualTo(4);
        assertThat(order.shippedUnits()).isEqualTo(596);
        assertThat(order.dueDate()).isEqualTo(DAY1.plusDays(1));
        assertThat(order.confirmBy()).isNull();
        assertThat(order.materials())
                .extracting("material", "planned", "shipped", "received", "consumed", "scrapped", "returned")
                .containsExactly(
                        tuple("caps", 620L, 620L, 618L, 600L, 2L, 16L),
                        tuple("thread", 10L, 10L, 10L, 9L, 1L, 0L));
        assertThat(order.materials()).extracting(OrderView.MaterialCustody::inTransit).containsExactly(2L, 0L);
        assertThat(order.materials()).extracting(OrderView.MaterialCustody::unaccounted).containsExactly(0L, 0L);
        assertThat(order.money()).isEqualTo(new OrderView.OrderMoney("o1:money", Money.cny(90_000), Money.cny(0),
                Money.cny(87_300), Money.cny(2_700), true));
        assertThat(order.timeline()).extracting("what", "actorRole").containsExactly(
                tuple("PLACED", "BUYER"),
                tuple("CAPACITY_RESERVED", "SYSTEM"),
                tuple("PAID", "SYSTEM"),
                tuple("ACCEPTED", "FACTORY"),
                tuple("MATERIALS_SHIPPED", "BUYER"),
                tuple("MATERIALS_RECEIVED", "FACTORY"),
                tuple("PRODUCTION_STARTED", "FACTORY"),
                tuple("PROGRESS_REPORTED", "FACTORY"),
                tuple("PROGRESS_REPORTED", "FACTORY"),
                tuple("SHIPPED", "FACTORY"),
                tuple("RECEIPT_CONFIRMED", "BUYER"),
                tuple("ESCROW_RELEASED", "SYSTEM"),
                tuple("SETTLED", "SYSTEM"));
        assertThat(order.timeline().get(5).detail()).contains("2 caps missing");
        assertThat(order.timeline().get(0).at()).isEqualTo(T0);
    }

    @Test
    void disputedLife_decidedByOperator_showsDisputeAndRefund_andUnaccountedMaterial() {
        placeAndRunToShipment();
        apply(BUYER, new DisputeOpenedEvent("o1", "stitching loose", 40, T0));
        apply(OPERATOR, new DisputeDecidedEvent("o1", Money.cny(6_000), Money.cny(84_000), "40 redone badly", T0));
        apply(SYSTEM, new OrderRefundedEvent("o1", "o1:split", Money.cny(6_000), "DISPUTE_SPLIT", T0));

        var order = views.find("o1").orElseThrow();

        assertThat(order.status()).isEqualTo("COMPLETED");
        assertThat(order.dispute()).isEqualTo(new OrderView.Dispute("o1:dispute", "stitching loose", 40,
                Money.cny(6_000), Money.cny(84_000), "40 redone badly"));
        assertThat(order.money().refunded()).isEqualTo(Money.cny(6_000));
        assertThat(order.money().settled()).isFalse();
        assertThat(order.timeline()).extracting("what").endsWith("DISPUTE_OPENED", "DISPUTE_DECIDED", "REFUNDED");
    }

    @Test
    void redeliveredEvent_changesNothing() {
        placeAndRunToShipment();
        var before = views.find("o1").orElseThrow();

        projection.on(new ProductionProgressReportedEvent("o1", "r1", 300, 4, List.of(), null, T0), 7,
                T0, "wang-wei", "factory-1", "FACTORY");

        assertThat(views.find("o1").orElseThrow()).isEqualTo(before);
    }

    @Test
    void page_ofAFactory_byStatusAndDueDate() {
        placeAndRunToShipment();
        apply(BUYER, new ReceiptConfirmedEvent("o1", false, T0));

        assertThat(views.page("factoryFirmId", "factory-1", List.of("COMPLETED"), null, null, 10))
                .extracting(OrderView::id).containsExactly("o1");
        assertThat(views.page("factoryFirmId", "factory-1", List.of("COMPLETED"), DAY1, null, 10)).isEmpty();
        assertThat(views.page("factoryFirmId", "factory-1", List.of("COMPLETED"), DAY1.plusDays(1), null, 10))
                .hasSize(1);
        assertThat(views.page("buyerFirmId", "factory-1", List.of(), null, null, 10)).isEmpty();
    }
}
