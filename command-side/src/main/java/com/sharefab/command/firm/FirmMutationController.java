package com.sharefab.command.firm;

import com.sharefab.command.axon.Commands;
import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.firm.FirmView;
import com.sharefab.query.firm.FirmViews;
import graphql.GraphQLContext;
import java.time.Duration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** The {@code registerFirm} mutation. */
@Controller
class FirmMutationController {

    /** How long a mutation waits for its own event to be projected before answering without it. */
    static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    private final Commands commands;
    private final FirmViews views;

    FirmMutationController(Commands commands, FirmViews views) {
        this.commands = commands;
        this.views = views;
    }

    @MutationMapping
    RegisterFirmPayload registerFirm(@Argument RegisterFirmCommand input, GraphQLContext context) {
        // A firm signs itself up under the firm id its identity provider gave its users (the token's firm_id);
        // the operator may sign up any firm. The event records the token's actor.
        Actor caller = Commands.actor(context);
        Access.requireActsFor(caller, input.firmId());
        commands.sendAndWait(input, caller, context.get(Commands.REQUEST_ID));
        return new RegisterFirmPayload(
                input.firmId(), views.awaitProjected(input.firmId(), READ_YOUR_WRITES_WAIT).orElse(null));
    }

    /** What {@code registerFirm} answers. */
    record RegisterFirmPayload(String firmId, FirmView firm) {}
}
