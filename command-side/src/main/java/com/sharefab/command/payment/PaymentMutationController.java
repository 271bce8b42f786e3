package com.sharefab.command.payment;

import com.sharefab.command.axon.Commands;
import com.sharefab.events.settlement.SettlementIds;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code payOrder}: the buyer's request to pay; answers what the phone needs. */
@Controller
class PaymentMutationController {

    private final Commands commands;

    PaymentMutationController(Commands commands) {
        this.commands = commands;
    }

    @MutationMapping
    PaymentInstructions payOrder(@Argument String orderId, GraphQLContext context) {
        return commands.sendAndWait(new RequestPaymentCommand(SettlementIds.forOrder(orderId)), context);
    }
}
