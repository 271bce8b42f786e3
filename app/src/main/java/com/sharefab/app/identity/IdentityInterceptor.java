package com.sharefab.app.identity;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import graphql.ExecutionResultImpl;
import graphql.GraphqlErrorBuilder;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts the actor of the request's token into the GraphQL context ({@link Access#ACTOR}), which commands stamp on
 * every event. Over HTTP the token came in the {@code Authorization} header and Spring Security validated it; over
 * WebSocket it comes in the {@code connection_init} payload ({@code {"Authorization": "Bearer …"}}) and is validated
 * here with the same decoder. A WebSocket whose token is not valid is acknowledged, but every operation on it fails
 * with {@code UNAUTHENTICATED} (the protocol has no way to send an error before the ack).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdentityInterceptor implements WebSocketGraphQlInterceptor {

    /** Session attribute set when connection_init carried a token that is not valid. */
    static final String INVALID_TOKEN_ATTRIBUTE = "sharefab.invalidToken";

    private final JwtDecoder decoder;

    IdentityInterceptor(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        session.getAttributes().remove(SecurityConfiguration.ACTOR_ATTRIBUTE);
        String token = bearer(payload);
        if (token != null) {
            try {
                var actor = TokenActors.actor(decoder.decode(token));
                session.getAttributes().put(SecurityConfiguration.ACTOR_ATTRIBUTE, actor);
            } catch (JwtException | AuthenticationException | IllegalStateException invalid) {
                session.getAttributes().put(INVALID_TOKEN_ATTRIBUTE, invalid.getMessage());
            }
        }
        return Mono.empty();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Object invalid = request.getAttributes().get(INVALID_TOKEN_ATTRIBUTE);
        if (invalid != null) {
            return Mono.just(unauthenticated(request, "the bearer token is not valid: " + invalid));
        }
        Actor actor = request.getAttributes().get(SecurityConfiguration.ACTOR_ATTRIBUTE) instanceof Actor a
                ? a
                : Actor.anonymous();
        request.configureExecutionInput((input, builder) ->
                builder.graphQLContext(context -> context.put(Access.ACTOR, actor)).build());
        return chain.next(request);
    }

    /** The token of {@code Authorization: Bearer …} (any case) in a connection_init payload. */
    static String bearer(Map<String, Object> payload) {
        if (payload == null) {
            return null;
        }
        for (var entry : payload.entrySet()) {
            if ("authorization".equalsIgnoreCase(entry.getKey()) && entry.getValue() instanceof String value) {
                String trimmed = value.strip();
                return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).strip() : trimmed;
            }
        }
        return null;
    }

    static WebGraphQlResponse unauthenticated(WebGraphQlRequest request, String message) {
        var error = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(ErrorType.UNAUTHORIZED)
                .extensions(Map.of("code", GraphQlAuthenticationEntryPoint.UNAUTHENTICATED))
                .build();
        var result = ExecutionResultImpl.newExecutionResult().addError(error).build();
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
    }
}
