package com.sharefab.eventstore;

/**
 * One {@code appendEvents} call contained the same event identifier, or the same aggregate sequence number, twice.
 * <p>
 * A commit is a single document, and MongoDB's unique multikey indexes only compare <em>different</em> documents, so
 * these duplicates are caught before writing. It is handed to Axon's {@code PersistenceExceptionResolver} like a
 * database duplicate-key error, so callers see the same {@code ConcurrencyException} /
 * {@code AggregateStreamCreationException} as for a clash with stored events.
 */
class DuplicateEventInAppendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DuplicateEventInAppendException(String message) {
        super(message);
    }
}
