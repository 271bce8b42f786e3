package com.sharefab.command.order;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.command.listing.ReservationCap;
import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.order.OrderView;
import com.sharefab.query.order.OrderViews;
import graphql.GraphQLContext;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * The order mutations. Each sends its command as the request's actor, then answers with the order as the read model
 * shows it once the order's latest event was projected (read-your-writes, up to {@link #READ_YOUR_WRITES_WAIT});
 * past that, {@code pending: true} and no order, so a phone never shows a state without its own change.
 *
 * <p>Who may: the schema lets only the right role in ({@code @access}); here an order already in the read model is
 * changed only by its own buyer (a buyer's step), its own factory (a factory's step) or the operator; the aggregate
 * checks the same whatever the read model says.
 */
@Controller
class OrderMutationController {

    /** How long a mutation waits for its event to be projected before answering "pending". */
    static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    private final Commands commands;
    private final OrderViews orders;
    private final EventStore eventStore;
    private final ReservationCap reservationCap;

    OrderMutationController(
            Commands commands, OrderViews orders, EventStore eventStore, ReservationCap reservationCap) {
        this.commands = commands;
        this.orders = orders;
        this.eventStore = eventStore;
        this.reservationCap = reservationCap;
    }

    /**
     * Answers once the booking process recorded the reservation's outcome (payment due, or rejected) if that comes
     * within the wait, so the phone sees the locked price at once; else the placement itself.
     */
    @MutationMapping
    OrderPayload placeOrder(@Argument PlaceOrderCommand input, GraphQLContext context) {
        Actor actor = Commands.actor(context);
        Access.requireActsFor(actor, actor.firmId()); // a firm user writing for its own firm, never an auditor
        reservationCap.check(actor, input.listingId(), input.orderId());
        commands.sendAndWait(input, context);
        long last = eventStore.lastSequenceNumberFor(input.orderId()).orElse(0L);
        var order = orders.awaitSequence(input.orderId(), Math.max(last, 1), READ_YOUR_WRITES_WAIT)
                .or(() -> orders.awaitSequence(input.orderId(), last, Duration.ZERO));
        return payload(input.orderId(), order);
    }

    @MutationMapping
    OrderPayload cancelOrder(@Argument CancelOrderCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload acceptOrder(@Argument AcceptOrderCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload declineOrder(@Argument DeclineOrderCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload shipMaterials(@Argument ShipMaterialsCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload recordMaterialsReceived(@Argument RecordMaterialsReceivedCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload startProduction(@Argument StartProductionCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload reportProgress(@Argument ReportProgressCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload shipOrder(@Argument ShipOrderCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload confirmReceipt(@Argument ConfirmReceiptCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload openDispute(@Argument OpenDisputeCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    @MutationMapping
    OrderPayload decideDispute(@Argument DecideDisputeCommand input, GraphQLContext context) {
        return send(input.orderId(), input, context);
    }

    private OrderPayload send(String orderId, Object command, GraphQLContext context) {
        requireParty(orderId, Commands.actor(context));
        commands.sendAndWait(command, context);
        var order = eventStore.lastSequenceNumberFor(orderId)
                .flatMap(sequence -> orders.awaitSequence(orderId, sequence, READ_YOUR_WRITES_WAIT));
        return payload(orderId, order);
    }

    /**
     * Refuses a firm user acting on an order (as the read model knows it) of which its firm is not the party its role
     * plays: a buyer must be the order's buyer, a factory its factory. The operator passes; an order not projected yet
     * is left to the aggregate.
     */
    private void requireParty(String orderId, Actor actor) {
        orders.find(orderId).ifPresent(order -> {
            boolean factory = Access.FACTORY.equals(actor.role());
            String party = factory ? order.factoryFirmId() : order.buyerFirmId();
            if (!Actors.actsFor(actor, party) && !Actors.OPERATOR.equals(actor.role())) {
                // names neither the order nor its firms: a stranger learns nothing about who trades with whom
                throw new DomainException(CommonErrorCode.FORBIDDEN,
                        "only the order's " + (factory ? "factory" : "buyer") + " may do this");
            }
        });
    }

    private static OrderPayload payload(String orderId, Optional<OrderView> order) {
        return new OrderPayload(orderId, order.orElse(null), order.isEmpty());
    }

    /** GraphQL {@code OrderPayload}. */
    record OrderPayload(String orderId, OrderView order, boolean pending) {}
}
