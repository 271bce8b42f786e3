package com.sharefab.query.order;

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
import com.sharefab.events.order.OrderCancelledEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderDeclinedEvent;
import com.sharefab.events.order.OrderEscrowReleasedEvent;
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderRefundedEvent;
import com.sharefab.events.order.OrderRejectedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ProductionProgressReportedEvent;
import com.sharefab.events.order.ProductionStartedEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.query.order.OrderView.Dispute;
import com.sharefab.query.order.OrderView.MaterialCustody;
import com.sharefab.query.order.OrderView.OrderMoney;
import com.sharefab.query.order.OrderView.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** How each order event changes an {@link OrderView}: a pure function, so the projection stays small. */
final class OrderFold {

    private OrderFold() {}

    /** The actor a timeline entry names, from the event's metadata: "unknown" / "UNKNOWN" where it is missing. */
    static Actor actor(String actorId, String actorFirmId, String actorRole) {
        return new Actor(actorId == null ? "unknown" : actorId, actorFirmId, actorRole == null ? "UNKNOWN" : actorRole);
    }

    static OrderView apply(OrderView current, OrderEvent event, long sequence, Actor actor, Instant at) {
        var b = current == null ? new Builder() : new Builder(current);
        String detail;
        String what;
        if (event instanceof OrderPlacedEvent e) {
            what = "PLACED";
            b.id = e.orderId();
            b.buyerFirmId = e.buyerFirmId();
            b.factoryFirmId = e.factoryFirmId();
            b.listingId = e.listingId();
            b.stepCode = e.stepCode();
            b.status = "PLACED";
            b.quantity = e.quantity();
            b.windowFrom = e.windowFrom();
            b.windowTo = e.windowTo();
            b.inHouseUnitCost = e.inHouseUnitCost();
            b.placedAt = e.placedAt();
            b.money = new OrderMoney(e.orderId() + ":money", null, Money.cny(0), Money.cny(0), Money.cny(0), false);
            for (MaterialQuantity m : e.materials()) {
                b.material(m.material(), c -> custody(c, m.quantity(), 0, 0, 0, 0, 0));
            }
            detail = e.quantity() + " units of " + e.stepCode() + " between " + e.windowFrom() + " and "
                    + e.windowTo();
        } else if (event instanceof OrderCapacityReservedEvent e) {
            what = "CAPACITY_RESERVED";
            b.status = "PAYMENT_DUE";
            b.unitPrice = e.unitPrice();
            b.amount = e.amount();
            b.payBy = e.payBy();
            var days = e.allocations().stream().map(DayAllocation::day).sorted().toList();
            b.firstProductionDay = days.isEmpty() ? null : days.get(0);
            b.dueDate = days.isEmpty() ? null : days.get(days.size() - 1);
            detail = "price locked at " + e.unitPrice().fen() + " fen a unit; pay " + e.amount().fen()
                    + " fen by " + e.payBy();
        } else if (event instanceof OrderRejectedEvent e) {
            what = "REJECTED";
            b.status = "REJECTED";
            b.endReason = e.reason();
            detail = e.message();
        } else if (event instanceof OrderPaidEvent e) {
            what = "PAID";
            b.status = "PAID";
            b.acceptBy = e.acceptBy();
            b.payBy = null;
            b.money = new OrderMoney(b.money.id(), e.amount(), b.money.refunded(), b.money.released(),
                    b.money.commission(), b.money.settled());
            detail = e.amount().fen() + " fen in escrow; the factory answers by " + e.acceptBy();
        } else if (event instanceof OrderCancelledEvent e) {
            what = "CANCELLED";
            b.status = "CANCELLED";
            b.endReason = e.reason();
            b.payBy = null;
            b.acceptBy = null;
            detail = e.reason() + (e.paid() ? " (refund due)" : "");
        } else if (event instanceof OrderAcceptedEvent e) {
            what = "ACCEPTED";
            b.status = "ACCEPTED";
            b.acceptBy = null;
            detail = null;
        } else if (event instanceof OrderDeclinedEvent e) {
            what = "DECLINED";
            b.status = "DECLINED";
            b.endReason = e.reason();
            b.acceptBy = null;
            detail = e.note() == null ? e.reason() : e.reason() + ": " + e.note();
        } else if (event instanceof MaterialsShippedEvent e) {
            what = "MATERIALS_SHIPPED";
            b.status = "MATERIALS_SHIPPED";
            for (MaterialQuantity m : e.materials()) {
                b.material(m.material(), c -> custody(c, 0, m.quantity(), 0, 0, 0, 0));
            }
            detail = e.carrier() + " " + e.trackingNumber() + ": " + quantities(e.materials());
        } else if (event instanceof MaterialsReceivedEvent e) {
            what = "MATERIALS_RECEIVED";
            b.status = "MATERIALS_RECEIVED";
            for (MaterialQuantity m : e.materials()) {
                b.material(m.material(), c -> custody(c, 0, 0, m.quantity(), 0, 0, 0));
            }
            detail = quantities(e.materials()) + (e.discrepancies() == null ? "" : "; " + e.discrepancies());
        } else if (event instanceof ProductionStartedEvent e) {
            what = "PRODUCTION_STARTED";
            b.status = "IN_PRODUCTION";
            detail = null;
        } else if (event instanceof ProductionProgressReportedEvent e) {
            what = "PROGRESS_REPORTED";
            b.goodUnits += e.goodUnits();
            b.defectiveUnits += e.defectiveUnits();
            for (MaterialUse u : e.materials()) {
                b.material(u.material(), c -> custody(c, 0, 0, 0, u.consumed(), u.scrapped(), 0));
            }
            detail = e.goodUnits() + " good, " + e.defectiveUnits() + " defective"
                    + (e.note() == null ? "" : "; " + e.note());
        } else if (event instanceof OrderShippedEvent e) {
            what = "SHIPPED";
            b.status = "SHIPPED";
            b.shippedUnits = e.quantity();
            b.confirmBy = e.confirmBy();
            b.disputeWindowEndsAt = e.disputeWindowEndsAt();
            for (MaterialQuantity m : e.returnedMaterials()) {
                b.material(m.material(), c -> custody(c, 0, 0, 0, 0, 0, m.quantity()));
            }
            detail = e.quantity() + " units by " + e.carrier() + " " + e.trackingNumber()
                    + (e.returnedMaterials().isEmpty() ? "" : "; returned " + quantities(e.returnedMaterials()));
        } else if (event instanceof ReceiptConfirmedEvent e) {
            what = e.automatic() ? "RECEIPT_CONFIRMED_AUTOMATICALLY" : "RECEIPT_CONFIRMED";
            b.status = "COMPLETED";
            b.confirmBy = null;
            detail = null;
        } else if (event instanceof DisputeOpenedEvent e) {
            what = "DISPUTE_OPENED";
            b.status = "DISPUTED";
            b.confirmBy = null;
            b.dispute = new Dispute(e.orderId() + ":dispute", e.reason(), e.unitsContested(), null, null, null);
            detail = e.unitsContested() + " units: " + e.reason();
        } else if (event instanceof DisputeDecidedEvent e) {
            what = "DISPUTE_DECIDED";
            b.status = "COMPLETED";
            var d = b.dispute;
            b.dispute = new Dispute(e.orderId() + ":dispute", d == null ? null : d.reason(),
                    d == null ? 0 : d.unitsContested(), e.refundToBuyer(), e.releaseToFactory(), e.note());
            detail = e.refundToBuyer().fen() + " fen back to the buyer, " + e.releaseToFactory().fen()
                    + " fen to the factory: " + e.note();
        } else if (event instanceof OrderRefundedEvent e) {
            what = "REFUNDED";
            b.money = new OrderMoney(b.money.id(), b.money.captured(), b.money.refunded().plus(e.amount()),
                    b.money.released(), b.money.commission(), b.money.settled());
            detail = e.amount().fen() + " fen (" + e.reason() + ")";
        } else if (event instanceof OrderEscrowReleasedEvent e) {
            what = "ESCROW_RELEASED";
            b.money = new OrderMoney(b.money.id(), b.money.captured(), b.money.refunded(),
                    b.money.released().plus(e.toFactory()), b.money.commission().plus(e.commission()),
                    b.money.settled());
            detail = e.toFactory().fen() + " fen to the factory, " + e.commission().fen() + " fen commission";
        } else if (event instanceof OrderSettledEvent e) {
            what = "SETTLED";
            if ("COMPLETED".equals(b.status)) {
                b.status = "SETTLED";
            }
            b.money = new OrderMoney(b.money.id(), e.captured(), e.refunded(), e.released(), e.commission(), true);
            detail = "captured " + e.captured().fen() + ", released " + e.released().fen() + ", refunded "
                    + e.refunded().fen() + ", commission " + e.commission().fen() + " fen";
        } else {
            throw new IllegalArgumentException("unknown order event " + event.getClass().getName());
        }
        b.updatedAt = at;
        b.lastSequence = sequence;
        b.timeline.add(new TimelineEntry(
                b.id + ":" + sequence, sequence, what, detail, actor.userId(), actor.firmId(), actor.role(), at));
        return b.build();
    }

    private static String quantities(List<MaterialQuantity> materials) {
        return materials.stream().map(m -> m.material() + " " + m.quantity()).collect(Collectors.joining(", "));
    }

    private static MaterialCustody custody(
            MaterialCustody c, long planned, long shipped, long received, long consumed, long scrapped, long returned) {
        return new MaterialCustody(c.id(), c.material(), c.planned() + planned, c.shipped() + shipped,
                c.received() + received, c.consumed() + consumed, c.scrapped() + scrapped, c.returned() + returned);
    }

    /** A mutable copy of a view while one event is applied. */
    private static final class Builder {
        String id;
        String buyerFirmId;
        String factoryFirmId;
        String listingId;
        String stepCode;
        String status;
        long quantity;
        java.time.LocalDate windowFrom;
        java.time.LocalDate windowTo;
        Money unitPrice;
        Money amount;
        Money inHouseUnitCost;
        java.time.LocalDate firstProductionDay;
        java.time.LocalDate dueDate;
        Instant payBy;
        Instant acceptBy;
        Instant confirmBy;
        Instant disputeWindowEndsAt;
        long goodUnits;
        long defectiveUnits;
        long shippedUnits;
        String endReason;
        Dispute dispute;
        OrderMoney money;
        final Map<String, MaterialCustody> materials = new LinkedHashMap<>();
        final List<TimelineEntry> timeline = new ArrayList<>();
        Instant placedAt;
        Instant updatedAt;
        long lastSequence;

        Builder() {}

        Builder(OrderView v) {
            id = v.id();
            buyerFirmId = v.buyerFirmId();
            factoryFirmId = v.factoryFirmId();
            listingId = v.listingId();
            stepCode = v.stepCode();
            status = v.status();
            quantity = v.quantity();
            windowFrom = v.windowFrom();
            windowTo = v.windowTo();
            unitPrice = v.unitPrice();
            amount = v.amount();
            inHouseUnitCost = v.inHouseUnitCost();
            firstProductionDay = v.firstProductionDay();
            dueDate = v.dueDate();
            payBy = v.payBy();
            acceptBy = v.acceptBy();
            confirmBy = v.confirmBy();
            disputeWindowEndsAt = v.disputeWindowEndsAt();
            goodUnits = v.goodUnits();
            defectiveUnits = v.defectiveUnits();
            shippedUnits = v.shippedUnits();
            endReason = v.endReason();
            dispute = v.dispute();
            money = v.money();
            v.materials().forEach(m -> materials.put(m.material(), m));
            timeline.addAll(v.timeline());
            placedAt = v.placedAt();
            updatedAt = v.updatedAt();
            lastSequence = v.lastSequence();
        }

        void material(String name, UnaryOperator<MaterialCustody> change) {
            materials.put(name, change.apply(
                    materials.getOrDefault(name, new MaterialCustody(id + ":" + name, name, 0, 0, 0, 0, 0, 0))));
        }

        OrderView build() {
            return new OrderView(id, buyerFirmId, factoryFirmId, listingId, stepCode, status, quantity, windowFrom,
                    windowTo, unitPrice, amount, inHouseUnitCost, firstProductionDay, dueDate, payBy, acceptBy,
                    confirmBy, disputeWindowEndsAt, goodUnits, defectiveUnits, shippedUnits, endReason, dispute,
                    money, List.copyOf(materials.values()), timeline, placedAt, updatedAt, lastSequence);
        }
    }
}
