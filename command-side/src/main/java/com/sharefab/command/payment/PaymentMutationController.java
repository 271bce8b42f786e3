package com.sharefab.command.payment;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.order.OrderViews;
import com.sharefab.query.settlement.SettlementViews;
import graphql.GraphQLContext;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code payOrder}: the buyer's request to pay; answers what the phone needs (including the pay token, so never to
 * another firm: a settlement in the read model is paid only by its own buyer; the aggregate checks it too).
 */
@Controller
class PaymentMutationController {

    /**
     * How long {@code payOrder} waits for the settlement of an order that shows {@code PAYMENT_DUE} but whose
     * settlement the booking saga has not opened yet (it opens it right after the reservation, which the phone may
     * have seen first).
     */
    static final Duration SETTLEMENT_OPENING_WAIT = Duration.ofSeconds(3);

    private final Commands commands;
    private final SettlementViews settlements;
    private final OrderViews orders;

    PaymentMutationController(Commands commands, SettlementViews settlements, OrderViews orders) {
        this.commands = commands;
        this.settlements = settlements;
        this.orders = orders;
    }

    @MutationMapping
    PaymentInstructions payOrder(@Argument String orderId, GraphQLContext context) {
        var actor = Commands.actor(context);
        settlements.findByOrder(orderId).ifPresent(settlement -> {
            if (!Actors.actsFor(actor, settlement.buyerFirmId()) && !Actors.isPlatform(actor)) {
                // names neither the order nor its buyer: a stranger learns nothing about who trades with whom
                throw new DomainException(CommonErrorCode.FORBIDDEN, "only the order's buyer firm may pay it");
            }
        });
        var command = new RequestPaymentCommand(SettlementIds.forOrder(orderId));
        long deadline = System.nanoTime() + SETTLEMENT_OPENING_WAIT.toNanos();
        while (true) {
            try {
                return commands.sendAndWait(command, context);
            } catch (AggregateNotFoundException notOpenedYet) {
                // Before: NOT_FOUND for an order the phone had just seen waiting for payment, and a phone that
                // trusted it gave up on a live order. Now only an order that is not waiting for payment is not found.
                boolean opening = orders.find(orderId).filter(order -> "PAYMENT_DUE".equals(order.status())).isPresent();
                if (!opening) {
                    throw notOpenedYet;
                }
                if (System.nanoTime() > deadline) {
                    throw new DomainException(PaymentErrorCode.PAYMENT_NOT_READY,
                            "the order's payment is still being prepared; ask again in a moment");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }
}
