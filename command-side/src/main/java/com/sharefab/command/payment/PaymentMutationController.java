package com.sharefab.command.payment;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.order.OrderViews;
import com.sharefab.query.settlement.SettlementViews;
import graphql.GraphQLContext;
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
        try {
            return commands.sendAndWait(new RequestPaymentCommand(SettlementIds.forOrder(orderId)), context);
        } catch (AggregateNotFoundException noSettlement) {
            // The booking saga opens the settlement before the order shows PAYMENT_DUE, so an order waiting for payment
            // has one, unless its opening failed and the saga is trying again: then a retriable answer, never a
            // NOT_FOUND that would make the phone give up on a live order.
            boolean due = orders.find(orderId).filter(order -> "PAYMENT_DUE".equals(order.status())).isPresent();
            if (due) {
                throw new DomainException(PaymentErrorCode.PAYMENT_NOT_READY,
                        "the order's payment is still being prepared; ask again in a moment");
            }
            throw noSettlement;
        }
    }
}
