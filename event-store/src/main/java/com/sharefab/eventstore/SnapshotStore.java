package com.sharefab.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

import java.util.Optional;

import static com.sharefab.eventstore.CommitSchema.ID;
import static com.sharefab.eventstore.CommitSchema.SEQUENCE_NUMBER;

/**
 * The latest snapshot per aggregate, keyed by {@code _id} = aggregate identifier, so reads and writes are exact
 * {@code _id} operations on both servers.
 * <p>
 * A snapshot only replaces an older one. The check is a read followed by a replace, not one conditional write: the
 * atomic form ({@code {_id, sequenceNumber: {$lt: n}}} with upsert) has two filter keys, which makes mongo-java-server
 * scan the collection, and pipeline updates are not supported there. The race this leaves (two nodes snapshotting the
 * same aggregate at the same moment) can at worst keep the slightly older snapshot, which is still a correct state of
 * the aggregate: loading replays the events after it.
 */
final class SnapshotStore {

    private final MongoCollection<BsonDocument> snapshots;

    SnapshotStore(MongoCollection<BsonDocument> snapshots) {
        this.snapshots = snapshots;
    }

    void store(BsonDocument snapshot) {
        BsonString id = snapshot.getString(ID);
        BsonDocument current = snapshots.find(new BsonDocument(ID, id))
                                        .projection(new BsonDocument(SEQUENCE_NUMBER, new BsonInt32(1)))
                                        .first();
        long sequenceNumber = snapshot.getNumber(SEQUENCE_NUMBER).longValue();
        if (current != null && current.getNumber(SEQUENCE_NUMBER).longValue() >= sequenceNumber) {
            return;
        }
        try {
            snapshots.replaceOne(new BsonDocument(ID, id), snapshot, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // A concurrent upsert created the document first; its snapshot is as good as ours.
        }
    }

    Optional<StoredEvent> latest(String aggregateIdentifier) {
        return Optional.ofNullable(snapshots.find(new BsonDocument(ID, new BsonString(aggregateIdentifier))).first())
                       .map(document -> new StoredEvent(-1L, document));
    }
}
