package com.sharefab.app.graphql;

import com.sharefab.command.axon.Commands;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.persisted.PersistedQueryIdInvalid;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.introspection.IntrospectionDisabledError;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Puts the client's request id into the GraphQL context, and gives the errors graphql-java raises before any
 * controller runs (syntax, validation) an {@code extensions.code} like all others. Who acts comes from the bearer
 * token ({@code identity.IdentityInterceptor}); there is no header that says it.
 */
@Component
class RequestContextInterceptor implements WebGraphQlInterceptor {

    static final String REQUEST_ID_HEADER = "X-Request-Id";

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // The servlet filter's request id (the client's X-Request-Id or a new one), also in the log context.
        String requestId = request.getAttributes().get(Commands.REQUEST_ID) instanceof String id
                ? id
                : request.getHeaders().getFirst(REQUEST_ID_HEADER);
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context ->
                        context.put(Commands.REQUEST_ID, requestId != null ? requestId : UUID.randomUUID().toString()))
                .build());
        return chain.next(request).map(response -> response.getErrors().stream().anyMatch(e -> !hasCode(e))
                ? response.transform(builder -> builder.errors(response.getExecutionResult().getErrors().stream()
                        .map(RequestContextInterceptor::withCode)
                        .toList()))
                : response);
    }

    private static boolean hasCode(org.springframework.graphql.ResponseError error) {
        return error.getExtensions().containsKey("code");
    }

    private static GraphQLError withCode(GraphQLError error) {
        if (error.getExtensions() != null && error.getExtensions().containsKey("code")) {
            return error;
        }
        ErrorClassification type = error.getErrorType();
        String code;
        if (error instanceof IntrospectionDisabledError) {
            code = LimitCodes.INTROSPECTION_DISABLED;
        } else if (type instanceof PersistedQueryNotFound) {
            code = LimitCodes.PERSISTED_QUERY_NOT_FOUND;
        } else if (type instanceof PersistedQueryIdInvalid) {
            code = LimitCodes.PERSISTED_QUERY_HASH_MISMATCH;
        } else if (type == ErrorType.InvalidSyntax) {
            code = ErrorCodes.GRAPHQL_PARSE_FAILED;
        } else if (type == ErrorType.ValidationError) {
            code = ErrorCodes.GRAPHQL_VALIDATION_FAILED;
        } else {
            code = ErrorCodes.INTERNAL_ERROR;
        }
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
