package com.sharefab.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * The engine's default {@link PersistenceExceptionResolver}: MongoDB duplicate-key errors (code 11000) and duplicates
 * inside one append are duplicate-key violations, which Axon turns into {@code ConcurrencyException} (or
 * {@code AggregateStreamCreationException} for a clash at sequence number 0).
 */
final class MongoDuplicateKeyResolver implements PersistenceExceptionResolver {

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        if (exception instanceof DuplicateEventInAppendException) {
            return true;
        }
        if (exception instanceof MongoWriteException writeException) {
            return writeException.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (exception instanceof MongoBulkWriteException bulkWriteException) {
            return bulkWriteException.getWriteErrors().stream()
                                     .anyMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
        }
        return exception instanceof MongoServerException serverException
                && ErrorCategory.fromErrorCode(serverException.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
