package com.sharefab.command.axon;

import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import com.sharefab.query.graphql.Access;
import graphql.GraphQLContext;
import java.util.HashMap;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * The one place where GraphQL mutations become commands: every command leaves with the actor and the
 * client's request id as metadata, which Axon's correlation data providers copy onto every event it causes.
 */
@Component
public class Commands {

    /** GraphQL context key of the {@link Actor} the request acts as. */
    public static final String ACTOR = Access.ACTOR;
    /** GraphQL context key of the client's request id. */
    public static final String REQUEST_ID = "sharefab.requestId";

    private final CommandGateway gateway;

    public Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends a command as the request's actor and waits for its result. */
    public <R> R sendAndWait(Object command, GraphQLContext context) {
        return sendAndWait(command, actor(context), context.get(REQUEST_ID));
    }

    /** The actor a GraphQL request acts as (from its bearer token); anonymous without one. */
    public static Actor actor(GraphQLContext context) {
        return Access.actor(context);
    }

    /** Sends a command as {@code actor} and waits for its result. */
    public <R> R sendAndWait(Object command, Actor actor, String requestId) {
        var metaData = new HashMap<String, Object>(actor.toMetaData());
        if (requestId != null) {
            metaData.put(EventMetadata.REQUEST_ID, requestId);
        }
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metaData)));
    }
}
