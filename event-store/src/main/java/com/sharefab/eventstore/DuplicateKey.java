package com.sharefab.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duplicate-key write error, parsed far enough to tell <em>which</em> unique index refused the commit.
 * <p>
 * That distinction drives the append algorithm: a clash on {@code _id} or {@code globalIndexes} only means another
 * writer took the global position we guessed (retry further on), while a clash on {@code streamKeys} or
 * {@code eventIdentifiers} is a real conflict to report to Axon. Both MongoDB and mongo-java-server phrase the error
 * as {@code "E11000 duplicate key error collection: db.events index: <name> dup key: { <field>: <value> }"}.
 */
record DuplicateKey(String indexName, String keyValue) {

    private static final Pattern INDEX = Pattern.compile("index: (\\S+) dup key");
    private static final Pattern QUOTED_KEY = Pattern.compile("dup key: \\{ ?[^:]+: \"(.*)\" ?}");

    static Optional<DuplicateKey> of(Throwable exception) {
        if (!(exception instanceof MongoWriteException writeException)
                || writeException.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
            return Optional.empty();
        }
        String message = writeException.getError().getMessage();
        Matcher index = INDEX.matcher(message);
        Matcher key = QUOTED_KEY.matcher(message);
        return Optional.of(new DuplicateKey(index.find() ? index.group(1) : "",
                                            key.find() ? key.group(1) : null));
    }

    /** Another commit already occupies (part of) the global index range we tried: not a conflict, just move on. */
    boolean isPositionTaken() {
        return CommitSchema.ID_INDEX.equals(indexName) || CommitSchema.GLOBAL_INDEXES_INDEX.equals(indexName);
    }
}
