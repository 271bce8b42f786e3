package com.sharefab.query.order;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The {@code orderUpdated} and {@code jobBoardUpdated} subscriptions (GraphQL over WebSocket at {@code /graphql}). */
@Controller
class OrderSubscriptionController {

    private final OrderSubscriptions subscriptions;

    OrderSubscriptionController(OrderSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * The order each time it changes, on whichever node the change was made (see {@link OrderChangeFeed}); nothing
     * at subscription time, and nothing to a caller who may not see the order. An order not (yet) placed is not an
     * error: a phone subscribes before it places, so it hears the outcome of the reservation.
     */
    @SubscriptionMapping
    Flux<OrderView> orderUpdated(
            @Argument String orderId, @ContextValue(name = OrderQueryController.ACTOR, required = false) Actor actor) {
        return subscriptions.order(orderId).filter(view -> OrderQueryController.visibleTo(view, actor));
    }

    /** Each of the acting factory's orders when it changes; nothing for a caller acting for no firm. */
    @SubscriptionMapping
    Flux<OrderView> jobBoardUpdated(@ContextValue(name = OrderQueryController.ACTOR, required = false) Actor actor) {
        if (!Access.signedIn(actor) || !Access.FACTORY.equals(actor.role())) {
            return Flux.empty();
        }
        return subscriptions.jobBoard(actor.firmId())
                .filter(view -> OrderQueryController.visibleTo(view, actor));
    }
}
