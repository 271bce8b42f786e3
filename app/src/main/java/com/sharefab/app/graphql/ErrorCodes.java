package com.sharefab.app.graphql;

/** The {@code extensions.code} values every feature shares; features add their own domain codes. */
final class ErrorCodes {

    static final String BAD_USER_INPUT = "BAD_USER_INPUT";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";
    static final String GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
    /** The id names a record of another kind (aggregates of all kinds share one id space in the event store). */
    static final String ID_IN_USE = "ID_IN_USE";
    static final String CONCURRENT_MODIFICATION = "CONCURRENT_MODIFICATION";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private ErrorCodes() {}
}
