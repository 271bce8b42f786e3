package com.sharefab.command.axon;

/**
 * A business "no" that only the caller cares about: carries a stable error code (the GraphQL
 * {@code extensions.code}) and, where one input field is at fault, its name.
 */
public class DomainException extends RuntimeException {

    private final String code;
    private final String field;

    public DomainException(Enum<?> code, String message) {
        this(code, message, null);
    }

    public DomainException(Enum<?> code, String message, String field) {
        super(message);
        this.code = code.name();
        this.field = field;
    }

    /** The error code, e.g. {@code USCC_ALREADY_REGISTERED}. */
    public String code() {
        return code;
    }

    /** The command field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
