package com.sharefab.app.graphql;

import com.sharefab.command.axon.Commands;
import com.sharefab.events.Actor;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts who is asking and the client's request id into the GraphQL context, and gives the errors graphql-java
 * raises before any controller runs (syntax, validation) an {@code extensions.code} like all others.
 *
 * <p>Until sign-in (JWT, the identity issue) exists every request acts as an anonymous user — except where
 * {@code sharefab.identity.dev-headers} is on (the dev profile and tests): there the headers {@code X-Actor-Id},
 * {@code X-Actor-Firm} and {@code X-Actor-Role} say who acts. Never turn that on where strangers can connect.
 */
@Component
class RequestContextInterceptor implements WebGraphQlInterceptor {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String ACTOR_ID_HEADER = "X-Actor-Id";
    static final String ACTOR_FIRM_HEADER = "X-Actor-Firm";
    static final String ACTOR_ROLE_HEADER = "X-Actor-Role";

    private final boolean devHeaders;

    RequestContextInterceptor(@Value("${sharefab.identity.dev-headers:false}") boolean devHeaders) {
        this.devHeaders = devHeaders;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // The servlet filter's request id (the client's X-Request-Id or a new one), also in the log context.
        String requestId = request.getAttributes().get(Commands.REQUEST_ID) instanceof String id
                ? id
                : request.getHeaders().getFirst(REQUEST_ID_HEADER);
        Actor actor = actor(request.getHeaders());
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
                    context.put(Commands.ACTOR, actor);
                    context.put(Commands.REQUEST_ID, requestId != null ? requestId : UUID.randomUUID().toString());
                })
                .build());
        return chain.next(request).map(response -> response.getErrors().stream().anyMatch(e -> !hasCode(e))
                ? response.transform(builder -> builder.errors(response.getExecutionResult().getErrors().stream()
                        .map(RequestContextInterceptor::withCode)
                        .toList()))
                : response);
    }

    private Actor actor(HttpHeaders headers) {
        String userId = headers.getFirst(ACTOR_ID_HEADER);
        if (!devHeaders || userId == null || userId.isBlank()) {
            return Actor.anonymous();
        }
        String role = headers.getFirst(ACTOR_ROLE_HEADER);
        return new Actor(userId, headers.getFirst(ACTOR_FIRM_HEADER), role == null ? "ANONYMOUS" : role.toUpperCase());
    }

    private static boolean hasCode(org.springframework.graphql.ResponseError error) {
        return error.getExtensions().containsKey("code");
    }

    private static GraphQLError withCode(GraphQLError error) {
        if (error.getExtensions() != null && error.getExtensions().containsKey("code")) {
            return error;
        }
        ErrorClassification type = error.getErrorType();
        String code = type == ErrorType.InvalidSyntax
                ? ErrorCodes.GRAPHQL_PARSE_FAILED
                : type == ErrorType.ValidationError ? ErrorCodes.GRAPHQL_VALIDATION_FAILED : ErrorCodes.INTERNAL_ERROR;
        var extensions = new LinkedHashMap<String, Object>();
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        extensions.put("code", code);
        return GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(type)
                .extensions(extensions)
                .build();
    }
}
