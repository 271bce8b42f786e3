package com.sharefab.command.axon;

/** Error codes every feature shares; {@link DomainException#field()} names the input field where there is one. */
public enum CommonErrorCode {
    /** The input is wrong in a way only the domain can tell (dates in the past, a window reversed...). */
    BAD_USER_INPUT,
    /** The thing the command is about does not exist. */
    NOT_FOUND,
    /** The actor may not do this. */
    FORBIDDEN
}
