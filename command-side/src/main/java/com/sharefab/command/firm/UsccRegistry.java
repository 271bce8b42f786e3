package com.sharefab.command.firm;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Which firm holds which Unified Social Credit Code: a set-based check that no single aggregate can make.
 *
 * <p>A claim is a document keyed by the code ({@code _id}), so two concurrent registrations of the same code
 * meet on MongoDB's unique {@code _id} on any server. A claim whose owner never got registered (the node
 * died between claim and event) is taken over once it is older than {@link #ABANDONED_AFTER}, so a crash
 * cannot lock a code away for good, while a registration still in flight keeps its claim.
 */
@Component
class UsccRegistry {

    static final String COLLECTION = "firm_uscc_claims";

    /** A claim this old whose firm has no events was left by a registration that died half-way. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final MongoCollection<Document> claims;

    UsccRegistry(MongoDatabase database) {
        this.claims = database.getCollection(COLLECTION);
    }

    /**
     * Claims {@code uscc} for {@code firmId}. True if the firm holds the code now (also when it already did);
     * false if another registered firm holds it.
     */
    boolean claim(String uscc, String firmId, EventStore eventStore) {
        try {
            claims.insertOne(claimOf(uscc, firmId));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        var existing = claims.find(new Document("_id", uscc)).first();
        if (existing == null) {
            return claim(uscc, firmId, eventStore); // released between our insert and read
        }
        String owner = existing.getString("firmId");
        if (owner.equals(firmId)) {
            return true;
        }
        Date claimedAt = existing.getDate("claimedAt");
        boolean abandoned = claimedAt != null
                && claimedAt.toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER))
                && eventStore.lastSequenceNumberFor(owner).isEmpty();
        if (!abandoned) {
            return false;
        }
        // The owner never registered: take the claim over, unless someone else did so first.
        var takenOver = claims.replaceOne(existing, claimOf(uscc, firmId));
        return takenOver.getModifiedCount() == 1 || claim(uscc, firmId, eventStore);
    }

    private static Document claimOf(String uscc, String firmId) {
        return new Document("_id", uscc).append("firmId", firmId).append("claimedAt", new Date());
    }
}
