package com.sharefab.command.payment;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.settlement.SettlementViews;
import graphql.GraphQLContext;
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

    PaymentMutationController(Commands commands, SettlementViews settlements) {
        this.commands = commands;
        this.settlements = settlements;
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
        return commands.sendAndWait(new RequestPaymentCommand(SettlementIds.forOrder(orderId)), context);
    }
}
