package com.sharefab.query.graphql;

/** A query argument the client got wrong; answered as {@code BAD_USER_INPUT} naming the argument. */
public class InvalidArgumentException extends RuntimeException {

    private final String argument;

    public InvalidArgumentException(String argument, String message) {
        super(argument + " " + message);
        this.argument = argument;
    }

    /** The argument at fault. */
    public String argument() {
        return argument;
    }
}
