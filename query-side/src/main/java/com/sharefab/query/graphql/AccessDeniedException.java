package com.sharefab.query.graphql;

/**
 * A request that may not do what it asked: {@code UNAUTHENTICATED} without a valid token, {@code FORBIDDEN} with one
 * whose role or firm does not allow it. The app turns it into a GraphQL error with that {@code extensions.code}.
 */
public final class AccessDeniedException extends RuntimeException {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";

    private final String code;

    private AccessDeniedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static AccessDeniedException unauthenticated() {
        return new AccessDeniedException(UNAUTHENTICATED, "sign in: this needs a valid bearer token");
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(FORBIDDEN, message);
    }

    /** {@link #UNAUTHENTICATED} or {@link #FORBIDDEN}. */
    public String code() {
        return code;
    }
}
