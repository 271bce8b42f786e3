package com.sharefab.command.settlement;

import com.sharefab.command.axon.Commands;
import com.sharefab.query.graphql.Access;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The platform commission: {@code setCommissionRate} (operator only) and {@code commissionRate}. */
@Controller
class CommissionController {

    private final Commands commands;
    private final CommissionRates rates;

    CommissionController(Commands commands, CommissionRates rates) {
        this.commands = commands;
        this.rates = rates;
    }

    /** GraphQL {@code CommissionRate}. */
    record CommissionRateView(String id, int basisPoints) {}

    @MutationMapping
    CommissionRateView setCommissionRate(@Argument int basisPoints, GraphQLContext context) {
        Access.requireRole(Commands.actor(context), Access.OPERATOR); // PlatformCommission checks it too
        commands.sendAndWait(new SetCommissionRateCommand(PlatformCommission.ID, basisPoints), context);
        return commissionRate();
    }

    @QueryMapping
    CommissionRateView commissionRate() {
        return new CommissionRateView(PlatformCommission.ID, rates.current());
    }
}
