package com.sharefab.query.graphql;

import com.sharefab.events.Actor;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Who may see which data: the one set of rules every controller and field applies before it answers, so tenancy
 * holds at the data and not only at the entry point. The entry point's role check is declared in the schema
 * ({@code @access}); what a role may see of a firm's data is decided here.
 *
 * <ul>
 *   <li>a firm's own users see its data (a buyer its orders and settlements, a factory its listings, jobs and
 *       earnings);
 *   <li>an {@link #AUDITOR} and the {@link #OPERATOR} read every firm's data; an auditor changes nothing;
 *   <li>nobody else sees it: a lookup answers {@code null}, a list leaves it out — never an error that would tell
 *       that the id exists.
 * </ul>
 */
public final class Access {

    /** GraphQL context key of the acting {@link Actor}; the command side's {@code Commands.ACTOR} is this string. */
    public static final String ACTOR = "sharefab.actor";

    public static final String BUYER = "BUYER";
    public static final String FACTORY = "FACTORY";
    public static final String AUDITOR = "AUDITOR";
    public static final String OPERATOR = "OPERATOR";

    /** The roles a token can carry. */
    public static final Set<String> ROLES = Set.of(BUYER, FACTORY, AUDITOR, OPERATOR);

    private Access() {}

    /** The actor of a request; anonymous when the request carried no token. */
    public static Actor actor(GraphQLContext context) {
        return context.getOrDefault(ACTOR, Actor.anonymous());
    }

    public static Actor actor(DataFetchingEnvironment env) {
        return actor(env.getGraphQlContext());
    }

    /** Whether the request carried a valid token. */
    public static boolean signedIn(Actor actor) {
        return actor != null && ROLES.contains(actor.role()) && actor.firmId() != null;
    }

    /** Whether the actor reads every firm's data (auditor, operator). */
    public static boolean readsEverything(Actor actor) {
        return signedIn(actor) && (AUDITOR.equals(actor.role()) || OPERATOR.equals(actor.role()));
    }

    /**
     * Whether the actor may read data that belongs to any of {@code owningFirmIds} (an order belongs to its buyer and
     * its factory): its own firm's, or everything for auditors and the operator.
     */
    public static boolean mayRead(Actor actor, String... owningFirmIds) {
        if (!signedIn(actor)) {
            return false;
        }
        return readsEverything(actor) || Arrays.stream(owningFirmIds).anyMatch(id -> Objects.equals(id, actor.firmId()));
    }

    /** {@code value} if the actor may read it (see {@link #mayRead}), else {@code null}: foreign data is absent. */
    public static <T> T visible(Actor actor, T value, java.util.function.Function<T, String[]> owners) {
        return value != null && mayRead(actor, owners.apply(value)) ? value : null;
    }

    /** Fails unless the actor signed in with one of {@code roles} (any role when none are given). */
    public static void requireRole(Actor actor, String... roles) {
        if (!signedIn(actor)) {
            throw AccessDeniedException.unauthenticated();
        }
        if (roles.length > 0 && Arrays.stream(roles).noneMatch(actor.role()::equals)) {
            throw AccessDeniedException.forbidden("role " + actor.role() + " may not do this");
        }
    }

    /** Fails unless the actor acts for {@code firmId} in a role that writes, or is the operator. */
    public static void requireActsFor(Actor actor, String firmId) {
        requireRole(actor);
        boolean ownFirm = Objects.equals(firmId, actor.firmId()) && !AUDITOR.equals(actor.role());
        if (!ownFirm && !OPERATOR.equals(actor.role())) {
            throw AccessDeniedException.forbidden("you do not act for firm " + firmId);
        }
    }
}
