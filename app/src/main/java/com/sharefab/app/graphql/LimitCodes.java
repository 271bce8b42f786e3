package com.sharefab.app.graphql;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import java.util.List;
import java.util.Map;

/** The {@code extensions.code} of each abuse limit's refusal, one code per limit, so a client can tell them apart. */
final class LimitCodes {

    static final String MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED";
    static final String MAX_COMPLEXITY_EXCEEDED = "MAX_COMPLEXITY_EXCEEDED";
    static final String TOO_MANY_ALIASES = "TOO_MANY_ALIASES";
    static final String TOO_MANY_REPEATED_FIELDS = "TOO_MANY_REPEATED_FIELDS";
    static final String TOO_MANY_OPERATIONS = "TOO_MANY_OPERATIONS";
    static final String DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE";
    static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
    static final String REQUEST_TIMEOUT = "REQUEST_TIMEOUT";
    static final String INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED";
    static final String RATE_LIMITED = "RATE_LIMITED";
    static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    static final String PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";
    static final String PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH";

    private LimitCodes() {}

    static GraphQLError error(String code, String message) {
        return GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(ErrorType.ExecutionAborted)
                .extensions(Map.of("code", code))
                .build();
    }

    /** Stops the request before it executes, answering only this error. */
    static AbortExecutionException abort(String code, String message) {
        return new AbortExecutionException(List.of(error(code, message)));
    }
}
