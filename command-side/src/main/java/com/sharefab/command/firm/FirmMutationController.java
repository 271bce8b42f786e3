package com.sharefab.command.firm;

import com.sharefab.command.axon.Commands;
import com.sharefab.events.Actor;
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

    /** The role of someone signing a firm up. */
    static final String REGISTRANT = "REGISTRANT";

    private final Commands commands;
    private final FirmViews views;

    FirmMutationController(Commands commands, FirmViews views) {
        this.commands = commands;
        this.views = views;
    }

    @MutationMapping
    RegisterFirmPayload registerFirm(@Argument RegisterFirmCommand input, GraphQLContext context) {
        // Signing a firm up acts for the firm being created: its events name it as the actor's firm.
        Actor caller = Commands.actor(context);
        commands.sendAndWait(input, new Actor(caller.userId(), input.firmId(), REGISTRANT), context.get(Commands.REQUEST_ID));
        return new RegisterFirmPayload(
                input.firmId(), views.awaitProjected(input.firmId(), READ_YOUR_WRITES_WAIT).orElse(null));
    }

    /** What {@code registerFirm} answers. */
    record RegisterFirmPayload(String firmId, FirmView firm) {}
}
