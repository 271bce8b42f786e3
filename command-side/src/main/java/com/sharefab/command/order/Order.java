package com.sharefab.command.order;

import com.sharefab.command.axon.AggregateCaches;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.firm.FirmRole;
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
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderEscrowReleasedEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderRefundedEvent;
import com.sharefab.events.order.OrderRejectedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ProductionProgressReportedEvent;
import com.sharefab.events.order.ProductionStartedEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.query.firm.FirmViews;
import com.sharefab.query.listing.ListingViews;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A buyer's booking of a quantity of one listing's step (the factory calls it a job), from placement to settlement.
 *
 * <p>A registered buyer places it under a client-chosen id (a retry with the same details changes nothing; other
 * details under the same id, or an id already used by a listing or a firm, are refused). The booking process then
 * records the capacity held and the locked price (payment due) or the rejection; the settlement's capture makes it
 * paid. The factory accepts or declines; the buyer ships materials, the factory records their receipt, starts
 * production, reports progress and ships; the buyer confirms receipt or opens a dispute inside its window, and the
 * operator decides the split. The settlement's refunds, release and close are recorded for the timeline; a
 * completed order is settled when its money is closed. The buyer may cancel until the factory accepts. Deadlines
 * (payment, acceptance, confirmation) arrive as commands from the platform and change nothing once the order moved
 * on, so a deadline delivered twice, or late, is harmless.
 *
 * <p>Every step is allowed to one party only: the buyer firm, the factory firm that owns the listing, the operator
 * or the platform itself; anyone else is refused with {@code FORBIDDEN}.
 */
@Aggregate(cache = AggregateCaches.ORDERS)
class Order {

    /** The calendar production days belong to (the listing's). */
    static final ZoneId CALENDAR_ZONE = ZoneId.of("Asia/Shanghai");

    static final String BUYER = "BUYER";
    static final String FACTORY = "FACTORY";

    private static final Set<OrderStatus> CANCELLABLE =
            EnumSet.of(OrderStatus.PLACED, OrderStatus.PAYMENT_DUE, OrderStatus.PAID);

    @AggregateIdentifier
    private String orderId;

    /** The placement as first made (normalized), and by which firm: what a retried placement is compared with. */
    private PlaceOrderCommand placement;

    private String buyerFirmId;
    private String factoryFirmId;
    private long quantity;
    private OrderStatus status;
    private Money amount;
    private boolean paid;
    private Instant disputeWindowEndsAt;
    private String declineNote;
    private final Map<String, MaterialsShippedEvent> materialShipments = new HashMap<>();
    private MaterialsReceivedEvent receipt;
    private final Map<String, ProductionProgressReportedEvent> reports = new HashMap<>();
    private OrderShippedEvent shipment;
    private DisputeOpenedEvent dispute;
    private DisputeDecidedEvent decision;
    private boolean confirmed;
    private final Set<String> refunds = new HashSet<>();
    private final Set<String> releases = new HashSet<>();
    private boolean settled;
    /** The id's stream belongs to another aggregate type (ids share one space): nothing may be appended to it. */
    private boolean foreign;

    Order() {
        // for Axon
    }

    // --- placement -----------------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PlaceOrderCommand command, MetaData metaData, ListingViews listings, FirmViews firms) {
        if (foreign || (orderId == null && AggregateLifecycle.getVersion() != null)) {
            // The id's stream holds another aggregate's events (ids share one space): never append to it.
            throw new DomainException(
                    OrderErrorCode.ORDER_ID_TAKEN,
                    "id " + command.orderId() + " is already used by something else; choose another order id",
                    "orderId");
        }
        Actor actor = Actors.of(metaData);
        var normalized = normalize(command);
        if (placement != null) {
            if (!placement.equals(normalized) || !Actors.actsFor(actor, buyerFirmId)) {
                throw new DomainException(
                        OrderErrorCode.ORDER_ID_CONFLICT,
                        "this order id was already placed with other details; choose another order id",
                        "orderId");
            }
            return; // a retry of the placement we already hold
        }
        requireRegisteredBuyer(actor, firms);
        validate(normalized);
        var listing = listings.find(normalized.listingId())
                .orElseThrow(() -> new DomainException(
                        CommonErrorCode.NOT_FOUND, "there is no listing " + normalized.listingId(), "listingId"));
        apply(new OrderPlacedEvent(
                normalized.orderId(),
                actor.firmId(),
                listing.factoryFirmId(),
                listing.id(),
                listing.stepCode(),
                normalized.quantity(),
                normalized.windowFrom(),
                normalized.windowTo(),
                normalized.materials(),
                normalized.inHouseUnitCostFen() == null ? null : Money.cny(normalized.inHouseUnitCostFen()),
                now()));
    }

    private static void requireRegisteredBuyer(Actor actor, FirmViews firms) {
        if (!Actors.actsForAFirm(actor) || !BUYER.equals(actor.role())) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only a buyer firm may place an order");
        }
        boolean buyer = firms.find(actor.firmId())
                .map(firm -> firm.roles().contains(FirmRole.BUYER))
                .orElse(false);
        if (!buyer) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN, "firm " + actor.firmId() + " is not a registered buyer firm");
        }
    }

    private static void validate(PlaceOrderCommand command) {
        if (command.windowTo().isBefore(command.windowFrom())) {
            throw badInput("windowTo " + command.windowTo() + " is before windowFrom " + command.windowFrom(),
                    "windowTo");
        }
        LocalDate today = LocalDate.ofInstant(now(), CALENDAR_ZONE);
        if (command.windowFrom().isBefore(today)) {
            throw badInput("windowFrom " + command.windowFrom() + " is in the past (today is " + today + ")",
                    "windowFrom");
        }
        requireMaterials(command.materials(), "materials");
    }

    private static void requireMaterials(List<MaterialQuantity> materials, String field) {
        for (MaterialQuantity line : materials) {
            if (line == null || line.material() == null || line.material().isBlank()) {
                throw badInput("every material needs a name", field);
            }
            if (line.quantity() <= 0) {
                throw badInput("material " + line.material() + " needs a positive quantity", field);
            }
        }
    }

    /** Materials stripped and merged by name, first appearance first. */
    private static List<MaterialQuantity> merged(List<MaterialQuantity> materials) {
        var byName = new LinkedHashMap<String, Long>();
        for (MaterialQuantity line : materials) {
            if (line == null || line.material() == null) {
                return materials; // left for validation to refuse
            }
            byName.merge(line.material().strip(), line.quantity(), Long::sum);
        }
        return byName.entrySet().stream().map(e -> new MaterialQuantity(e.getKey(), e.getValue())).toList();
    }

    private static PlaceOrderCommand normalize(PlaceOrderCommand command) {
        return new PlaceOrderCommand(
                command.orderId(),
                command.listingId().strip(),
                command.quantity(),
                command.windowFrom(),
                command.windowTo(),
                merged(command.materials()),
                command.inHouseUnitCostFen());
    }

    // --- the booking process: capacity and payment ------------------------------------------------------------------

    @CommandHandler
    void handle(RecordCapacityReservedCommand command, MetaData metaData, OrderDeadlines deadlines) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.PLACED) {
            return; // recorded already, or the order ended meanwhile (the process releases the units)
        }
        Instant now = now();
        long units = command.allocations().stream().mapToLong(a -> a.quantity()).sum();
        if (units != quantity) {
            throw badInput("the reservation holds " + units + " units; the order is for " + quantity, "allocations");
        }
        apply(new OrderCapacityReservedEvent(
                orderId,
                command.unitPrice(),
                OrderAmounts.due(command.unitPrice(), quantity),
                List.copyOf(command.allocations()),
                now.plus(deadlines.pay()),
                now));
    }

    @CommandHandler
    void handle(RejectOrderReservationCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.PLACED) {
            return;
        }
        apply(new OrderRejectedEvent(orderId, command.reason(), command.message(), now()));
    }

    @CommandHandler
    void handle(RecordPaymentCommand command, MetaData metaData, OrderDeadlines deadlines) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.PAYMENT_DUE) {
            // Paid already (a redelivery), or cancelled first: the settlement refunds a late payment by itself.
            return;
        }
        Instant now = now();
        apply(new OrderPaidEvent(orderId, command.amount(), command.providerPaymentId(), now.plus(deadlines.accept()),
                now));
    }

    @CommandHandler
    void handle(ExpireOrderPaymentCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.PAYMENT_DUE) {
            return; // paid or ended meanwhile: the deadline is stale
        }
        apply(new OrderCancelledEvent(orderId, "PAYMENT_TIMEOUT", false, now()));
    }

    @CommandHandler
    void handle(CancelOrderCommand command, MetaData metaData) {
        requireOrder();
        requireBuyer(Actors.of(metaData));
        if (status == OrderStatus.CANCELLED) {
            return;
        }
        requireStatus(CANCELLABLE, "cancel");
        apply(new OrderCancelledEvent(orderId, "BUYER_CANCELLED", paid, now()));
    }

    // --- the factory's answer ----------------------------------------------------------------------------------------

    @CommandHandler
    void handle(AcceptOrderCommand command, MetaData metaData) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        if (status == OrderStatus.ACCEPTED) {
            return;
        }
        requireStatus(EnumSet.of(OrderStatus.PAID), "accept");
        apply(new OrderAcceptedEvent(orderId, now()));
    }

    @CommandHandler
    void handle(DeclineOrderCommand command, MetaData metaData) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        if (status == OrderStatus.DECLINED && Objects.equals(declineNote, command.note())) {
            return;
        }
        requireStatus(EnumSet.of(OrderStatus.PAID), "decline");
        apply(new OrderDeclinedEvent(orderId, "FACTORY_REJECTED", command.note(), now()));
    }

    @CommandHandler
    void handle(ExpireOrderAcceptanceCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.PAID) {
            return;
        }
        apply(new OrderDeclinedEvent(orderId, "ACCEPT_TIMEOUT", null, now()));
    }

    // --- materials and production ------------------------------------------------------------------------------------

    @CommandHandler
    void handle(ShipMaterialsCommand command, MetaData metaData) {
        requireOrder();
        requireBuyer(Actors.of(metaData));
        var materials = merged(command.materials());
        var earlier = materialShipments.get(command.trackingNumber());
        if (earlier != null) {
            if (earlier.carrier().equals(command.carrier()) && earlier.materials().equals(materials)) {
                return;
            }
            throw new DomainException(
                    OrderErrorCode.STEP_ALREADY_RECORDED,
                    "shipment " + command.trackingNumber() + " was recorded with other details",
                    "trackingNumber");
        }
        requireStatus(EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.MATERIALS_SHIPPED), "ship materials for");
        requireMaterials(materials, "materials");
        apply(new MaterialsShippedEvent(orderId, command.carrier(), command.trackingNumber(), materials, now()));
    }

    @CommandHandler
    void handle(RecordMaterialsReceivedCommand command, MetaData metaData) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        var materials = merged(command.materials());
        if (receipt != null) {
            if (receipt.materials().equals(materials) && Objects.equals(receipt.discrepancies(), command.discrepancies())) {
                return;
            }
            throw new DomainException(
                    OrderErrorCode.STEP_ALREADY_RECORDED, "the materials' receipt was recorded with other quantities");
        }
        requireStatus(EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.MATERIALS_SHIPPED), "record materials for");
        requireMaterials(materials, "materials");
        apply(new MaterialsReceivedEvent(orderId, materials, command.discrepancies(), now()));
    }

    @CommandHandler
    void handle(StartProductionCommand command, MetaData metaData) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        if (status == OrderStatus.IN_PRODUCTION) {
            return;
        }
        requireStatus(EnumSet.of(OrderStatus.MATERIALS_RECEIVED), "start production of");
        apply(new ProductionStartedEvent(orderId, now()));
    }

    @CommandHandler
    void handle(ReportProgressCommand command, MetaData metaData) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        var uses = command.materials() == null ? List.<MaterialUse>of() : List.copyOf(command.materials());
        var earlier = reports.get(command.reportId());
        if (earlier != null) {
            if (earlier.goodUnits() == command.goodUnits()
                    && earlier.defectiveUnits() == command.defectiveUnits()
                    && earlier.materials().equals(uses)
                    && Objects.equals(earlier.note(), command.note())) {
                return;
            }
            throw new DomainException(
                    OrderErrorCode.STEP_ALREADY_RECORDED,
                    "report " + command.reportId() + " was recorded with other figures",
                    "reportId");
        }
        requireStatus(EnumSet.of(OrderStatus.IN_PRODUCTION), "report progress of");
        for (MaterialUse use : uses) {
            if (use == null || use.material() == null || use.material().isBlank()) {
                throw badInput("every material needs a name", "materials");
            }
            if (use.consumed() < 0 || use.scrapped() < 0) {
                throw badInput("material " + use.material() + " cannot be used in negative amounts", "materials");
            }
        }
        apply(new ProductionProgressReportedEvent(
                orderId, command.reportId(), command.goodUnits(), command.defectiveUnits(), uses, command.note(),
                now()));
    }

    @CommandHandler
    void handle(ShipOrderCommand command, MetaData metaData, OrderDeadlines deadlines) {
        requireOrder();
        requireFactory(Actors.of(metaData));
        var returned = merged(command.returnedMaterials() == null ? List.of() : command.returnedMaterials());
        if (shipment != null) {
            if (shipment.quantity() == command.quantity()
                    && shipment.carrier().equals(command.carrier())
                    && shipment.trackingNumber().equals(command.trackingNumber())
                    && shipment.returnedMaterials().equals(returned)) {
                return;
            }
            throw new DomainException(
                    OrderErrorCode.STEP_ALREADY_RECORDED, "the order was shipped with other details");
        }
        requireStatus(EnumSet.of(OrderStatus.IN_PRODUCTION), "ship");
        requireMaterials(returned, "returnedMaterials");
        Instant now = now();
        apply(new OrderShippedEvent(
                orderId,
                command.quantity(),
                command.carrier(),
                command.trackingNumber(),
                returned,
                now.plus(deadlines.confirm()),
                now.plus(deadlines.disputeWindow()),
                now));
    }

    // --- receipt and disputes ----------------------------------------------------------------------------------------

    @CommandHandler
    void handle(ConfirmReceiptCommand command, MetaData metaData) {
        requireOrder();
        requireBuyer(Actors.of(metaData));
        if (confirmed) {
            return;
        }
        requireStatus(EnumSet.of(OrderStatus.SHIPPED), "confirm receipt of");
        apply(new ReceiptConfirmedEvent(orderId, false, now()));
    }

    @CommandHandler
    void handle(AutoConfirmReceiptCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (status != OrderStatus.SHIPPED) {
            return; // confirmed or disputed meanwhile
        }
        apply(new ReceiptConfirmedEvent(orderId, true, now()));
    }

    @CommandHandler
    void handle(OpenDisputeCommand command, MetaData metaData) {
        requireOrder();
        requireBuyer(Actors.of(metaData));
        if (dispute != null) {
            if (dispute.reason().equals(command.reason()) && dispute.unitsContested() == command.unitsContested()) {
                return;
            }
            throw new DomainException(OrderErrorCode.STEP_ALREADY_RECORDED, "a dispute is open already");
        }
        requireStatus(EnumSet.of(OrderStatus.SHIPPED), "dispute");
        Instant now = now();
        if (now.isAfter(disputeWindowEndsAt)) {
            throw new DomainException(
                    OrderErrorCode.DISPUTE_WINDOW_CLOSED, "the dispute window closed at " + disputeWindowEndsAt);
        }
        if (command.unitsContested() > shipment.quantity()) {
            throw badInput("only " + shipment.quantity() + " units were shipped", "unitsContested");
        }
        apply(new DisputeOpenedEvent(orderId, command.reason(), command.unitsContested(), now));
    }

    @CommandHandler
    void handle(DecideDisputeCommand command, MetaData metaData) {
        requireOrder();
        Actor actor = Actors.of(metaData);
        if (!Actors.OPERATOR.equals(actor.role())) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the operator may decide a dispute");
        }
        if (decision != null) {
            if (decision.refundToBuyer().fen() == command.refundToBuyerFen() && decision.note().equals(command.note())) {
                return;
            }
            throw new DomainException(OrderErrorCode.STEP_ALREADY_RECORDED, "the dispute was decided already");
        }
        requireStatus(EnumSet.of(OrderStatus.DISPUTED), "decide a dispute on");
        if (command.refundToBuyerFen() > amount.fen()) {
            throw new DomainException(
                    OrderErrorCode.REFUND_EXCEEDS_ESCROW,
                    "escrow holds " + amount.fen() + " fen; " + command.refundToBuyerFen() + " cannot be refunded",
                    "refundToBuyerFen");
        }
        var refund = Money.cny(command.refundToBuyerFen());
        apply(new DisputeDecidedEvent(orderId, refund, amount.minus(refund), command.note(), now()));
    }

    // --- the settlement's facts ----------------------------------------------------------------------------------------

    @CommandHandler
    void handle(RecordRefundCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (refunds.contains(command.refundId())) {
            return;
        }
        apply(new OrderRefundedEvent(
                orderId, command.refundId(), command.amount(), command.reason(), command.refundedAt()));
    }

    @CommandHandler
    void handle(RecordEscrowReleaseCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (releases.contains(command.releaseId())) {
            return;
        }
        apply(new OrderEscrowReleasedEvent(
                orderId, command.releaseId(), command.toFactory(), command.commission(), command.releasedAt()));
    }

    @CommandHandler
    void handle(RecordSettlementClosedCommand command, MetaData metaData) {
        requireOrder();
        requirePlatform(Actors.of(metaData));
        if (settled) {
            return;
        }
        apply(new OrderSettledEvent(
                orderId, command.captured(), command.released(), command.refunded(), command.commission(), now()));
    }

    // --- rules shared by the handlers ------------------------------------------------------------------------------------

    /** Refuses commands to an id whose stream is not an order's (another aggregate type's events were loaded). */
    private void requireOrder() {
        if (orderId == null || foreign) {
            throw new DomainException(CommonErrorCode.NOT_FOUND, "there is no such order", "orderId");
        }
    }

    private void requireBuyer(Actor actor) {
        if (!Actors.actsFor(actor, buyerFirmId) || !BUYER.equals(actor.role())) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the buyer of order " + orderId + " may do this");
        }
    }

    private void requireFactory(Actor actor) {
        if (!Actors.actsFor(actor, factoryFirmId) || !FACTORY.equals(actor.role())) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN, "only the factory of order " + orderId + " may do this");
        }
    }

    private static void requirePlatform(Actor actor) {
        if (!Actors.SYSTEM.equals(actor.role())) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the platform itself records this");
        }
    }

    private void requireStatus(Set<OrderStatus> allowed, String what) {
        if (!allowed.contains(status)) {
            throw new DomainException(
                    OrderErrorCode.INVALID_ORDER_STATUS,
                    "cannot " + what + " order " + orderId + " while it is " + status + " (only when " + allowed + ")");
        }
    }

    private static DomainException badInput(String message, String field) {
        return new DomainException(CommonErrorCode.BAD_USER_INPUT, message, field);
    }

    /** Business time, from Axon's clock so fixtures can pin it. */
    private static Instant now() {
        return Instant.now(GenericEventMessage.clock);
    }

    // --- state ---------------------------------------------------------------------------------------------------------

    /**
     * Any event that is not an order's: the stream is a listing's, a firm's... Axon insists on an identifier once an
     * event was applied, so it is set, and the order is marked foreign so every command refuses it.
     */
    @EventSourcingHandler
    void on(Object event, DomainEventMessage<?> message) {
        if (!(event instanceof OrderEvent)) {
            orderId = message.getAggregateIdentifier();
            foreign = true;
        }
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        buyerFirmId = event.buyerFirmId();
        factoryFirmId = event.factoryFirmId();
        quantity = event.quantity();
        status = OrderStatus.PLACED;
        placement = new PlaceOrderCommand(
                event.orderId(),
                event.listingId(),
                event.quantity(),
                event.windowFrom(),
                event.windowTo(),
                new ArrayList<>(event.materials()),
                event.inHouseUnitCost() == null ? null : event.inHouseUnitCost().fen());
    }

    @EventSourcingHandler
    void on(OrderCapacityReservedEvent event) {
        amount = event.amount();
        status = OrderStatus.PAYMENT_DUE;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent event) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderPaidEvent event) {
        paid = true;
        status = OrderStatus.PAID;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderAcceptedEvent event) {
        status = OrderStatus.ACCEPTED;
    }

    @EventSourcingHandler
    void on(OrderDeclinedEvent event) {
        declineNote = event.note();
        status = OrderStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(MaterialsShippedEvent event) {
        materialShipments.put(event.trackingNumber(), event);
        status = OrderStatus.MATERIALS_SHIPPED;
    }

    @EventSourcingHandler
    void on(MaterialsReceivedEvent event) {
        receipt = event;
        status = OrderStatus.MATERIALS_RECEIVED;
    }

    @EventSourcingHandler
    void on(ProductionStartedEvent event) {
        status = OrderStatus.IN_PRODUCTION;
    }

    @EventSourcingHandler
    void on(ProductionProgressReportedEvent event) {
        reports.put(event.reportId(), event);
    }

    @EventSourcingHandler
    void on(OrderShippedEvent event) {
        shipment = event;
        disputeWindowEndsAt = event.disputeWindowEndsAt();
        status = OrderStatus.SHIPPED;
    }

    @EventSourcingHandler
    void on(ReceiptConfirmedEvent event) {
        confirmed = true;
        status = OrderStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(DisputeOpenedEvent event) {
        dispute = event;
        status = OrderStatus.DISPUTED;
    }

    @EventSourcingHandler
    void on(DisputeDecidedEvent event) {
        decision = event;
        status = OrderStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(OrderRefundedEvent event) {
        refunds.add(event.refundId());
    }

    @EventSourcingHandler
    void on(OrderEscrowReleasedEvent event) {
        releases.add(event.releaseId());
    }

    @EventSourcingHandler
    void on(OrderSettledEvent event) {
        settled = true;
        if (status == OrderStatus.COMPLETED) {
            status = OrderStatus.SETTLED;
        }
    }
}
