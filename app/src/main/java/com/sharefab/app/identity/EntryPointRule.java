package com.sharefab.app.identity;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLFieldDefinition;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call one root field, as its {@code @access} directive in the schema says: anyone ({@code anonymous: true}),
 * or signed-in callers of some roles (every role when {@code roles} is empty).
 */
record EntryPointRule(boolean anonymous, Set<String> roles) {

    static final String DIRECTIVE = "access";

    /** Nobody may call it: what a field without a rule gets, should one ever run. */
    static final EntryPointRule NOBODY = new EntryPointRule(false, Set.of("NOBODY"));

    /** The field's rule; empty when the field carries no {@code @access} (the app then refuses to start). */
    static Optional<EntryPointRule> of(GraphQLFieldDefinition field) {
        GraphQLAppliedDirective directive = field.getAppliedDirective(DIRECTIVE);
        if (directive == null) {
            return Optional.empty();
        }
        var anonymousArgument = directive.getArgument("anonymous");
        var rolesArgument = directive.getArgument("roles");
        boolean anonymous = anonymousArgument != null && Boolean.TRUE.equals(anonymousArgument.getValue());
        var roles = new LinkedHashSet<String>();
        if (rolesArgument != null && rolesArgument.getValue() instanceof Collection<?> values) {
            values.forEach(value -> roles.add(String.valueOf(value)));
        }
        return Optional.of(new EntryPointRule(anonymous, Set.copyOf(roles)));
    }

    /** Whether {@code role} may call the field once signed in. */
    boolean allows(String role) {
        return roles.isEmpty() ? Access.ROLES.contains(role) : roles.contains(role);
    }

    /** Fails with {@code UNAUTHENTICATED} or {@code FORBIDDEN} unless the actor may call the field. */
    void check(Actor actor) {
        if (anonymous) {
            return;
        }
        Access.requireRole(actor, (roles.isEmpty() ? Access.ROLES : roles).toArray(String[]::new));
    }
}
