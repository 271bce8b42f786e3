package com.sharefab.app.identity;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The actor a validated token speaks for: user = {@code sub}, firm = {@code firm_id}, role = the one platform role
 * among {@code roles} (our development issuer) or {@code realm_access.roles} (Keycloak). Also the validator that
 * refuses tokens without a firm or without exactly one platform role, so they are {@code UNAUTHENTICATED} like any
 * other bad token.
 */
final class TokenActors {

    static final String FIRM_CLAIM = "firm_id";
    static final String ROLES_CLAIM = "roles";

    private TokenActors() {}

    /** The actor of a token the validator accepted. */
    static Actor actor(Jwt jwt) {
        return new Actor(jwt.getSubject(), jwt.getClaimAsString(FIRM_CLAIM), role(jwt).orElseThrow());
    }

    /** The one platform role the token carries, if it carries exactly one. */
    static Optional<String> role(Jwt jwt) {
        var roles = roles(jwt).stream().filter(Access.ROLES::contains).distinct().toList();
        return roles.size() == 1 ? Optional.of(roles.get(0)) : Optional.empty();
    }

    private static Collection<String> roles(Jwt jwt) {
        if (jwt.hasClaim(ROLES_CLAIM)) {
            return strings(jwt.getClaims().get(ROLES_CLAIM));
        }
        if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> realmAccess) {
            return strings(realmAccess.get("roles"));
        }
        return List.of();
    }

    private static Collection<String> strings(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** Refuses a token without a subject, a firm, or exactly one platform role. */
    static OAuth2TokenValidator<Jwt> validator() {
        return jwt -> {
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                return failure("the token has no subject");
            }
            String firm = jwt.getClaimAsString(FIRM_CLAIM);
            if (firm == null || firm.isBlank()) {
                return failure("the token names no firm (claim " + FIRM_CLAIM + ")");
            }
            if (role(jwt).isEmpty()) {
                return failure("the token must carry exactly one of the roles " + Access.ROLES);
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
