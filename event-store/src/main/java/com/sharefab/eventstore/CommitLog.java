package com.sharefab.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.sharefab.eventstore.CommitSchema.COUNT;
import static com.sharefab.eventstore.CommitSchema.EVENTS;
import static com.sharefab.eventstore.CommitSchema.EVENT_IDENTIFIERS_INDEX;
import static com.sharefab.eventstore.CommitSchema.EVENT_IDENTIFIER;
import static com.sharefab.eventstore.CommitSchema.GLOBAL_INDEXES;
import static com.sharefab.eventstore.CommitSchema.GLOBAL_INDEXES_INDEX;
import static com.sharefab.eventstore.CommitSchema.ID;
import static com.sharefab.eventstore.CommitSchema.STREAM_KEYS;
import static com.sharefab.eventstore.CommitSchema.STREAM_KEYS_INDEX;
import static com.sharefab.eventstore.CommitSchema.TIMESTAMP;

/**
 * Queries on the events collection.
 * <p>
 * Every query used on a hot path has a single top-level key — {@code _id}, {@code globalIndexes} or
 * {@code streamKeys} — compared by equality or {@code $in}: the only shapes mongo-java-server serves from an index
 * (see NOTES.md), and point lookups on a real MongoDB index. Filters are built as plain documents, never with
 * {@code Filters.and(...)}, which renders as {@code $and} and makes mongo-java-server scan. The two range/sort queries
 * below are only used off the hot path and say so.
 */
final class CommitLog {

    /** Projection for position bookkeeping: no payloads. */
    static final Bson POSITION_ONLY = new BsonDocument(ID, new BsonInt32(1)).append(COUNT, new BsonInt32(1));

    private final MongoCollection<BsonDocument> commits;

    CommitLog(MongoCollection<BsonDocument> commits) {
        this.commits = commits;
    }

    MongoCollection<BsonDocument> collection() {
        return commits;
    }

    void ensureIndexes() {
        commits.createIndexes(List.of(
                new IndexModel(new BsonDocument(GLOBAL_INDEXES, new BsonInt32(1)),
                               new IndexOptions().name(GLOBAL_INDEXES_INDEX).unique(true)),
                // sparse: commits of non-domain events have no streamKeys and must not collide on "missing"
                new IndexModel(new BsonDocument(STREAM_KEYS, new BsonInt32(1)),
                               new IndexOptions().name(STREAM_KEYS_INDEX).unique(true).sparse(true)),
                new IndexModel(new BsonDocument(EVENTS + '.' + EVENT_IDENTIFIER, new BsonInt32(1)),
                               new IndexOptions().name(EVENT_IDENTIFIERS_INDEX).unique(true))));
    }

    /** The commits holding any of the given global indexes, each once, in {@code _id} order. */
    List<BsonDocument> covering(Collection<Long> globalIndexes, Bson projection) {
        if (globalIndexes.isEmpty()) {
            return List.of();
        }
        BsonArray values = new BsonArray(new ArrayList<>(globalIndexes.size()));
        globalIndexes.forEach(index -> values.add(new BsonInt64(index)));
        return find(new BsonDocument(GLOBAL_INDEXES, new BsonDocument("$in", values)), projection);
    }

    /** The commits holding any of the given stream keys, each once, in {@code _id} order. */
    List<BsonDocument> byStreamKeys(Collection<String> streamKeys, Bson projection) {
        if (streamKeys.isEmpty()) {
            return List.of();
        }
        BsonArray values = new BsonArray(new ArrayList<>(streamKeys.size()));
        streamKeys.forEach(key -> values.add(new BsonString(key)));
        return find(new BsonDocument(STREAM_KEYS, new BsonDocument("$in", values)), projection);
    }

    private List<BsonDocument> find(BsonDocument filter, Bson projection) {
        // mongo-java-server returns a document once per matching $in value of a multikey index (MongoDB returns it
        // once): de-duplicate by _id, and order by position because neither server promises an order for $in.
        Map<Long, BsonDocument> byPosition = new LinkedHashMap<>();
        var query = commits.find(filter);
        if (projection != null) {
            query = query.projection(projection);
        }
        for (BsonDocument commit : query) {
            byPosition.putIfAbsent(CommitSchema.position(commit), commit);
        }
        List<BsonDocument> result = new ArrayList<>(byPosition.values());
        result.sort((a, b) -> Long.compare(CommitSchema.position(a), CommitSchema.position(b)));
        return result;
    }

    /**
     * Whether a commit holds the given stream key: one exact equality on the unique {@code streamKeys} index (a point
     * lookup on MongoDB and on mongo-java-server, which serves a unique index only for exact equality on its keys),
     * reading no payload.
     */
    boolean holdsStreamKey(String streamKey) {
        return commits.find(new BsonDocument(STREAM_KEYS, new BsonString(streamKey)))
                      .projection(new BsonDocument(ID, new BsonInt32(1)))
                      .limit(1)
                      .first() != null;
    }

    /**
     * Exact point probe for {@link BoundarySearch}: for each probed global index that is stored, the end of its commit.
     */
    Map<Long, Long> coveredEnds(List<Long> globalIndexes) {
        Map<Long, Long> ends = new HashMap<>();
        for (BsonDocument commit : covering(globalIndexes, POSITION_ONLY)) {
            long position = CommitSchema.position(commit);
            long end = CommitSchema.end(commit);
            for (long index : globalIndexes) {
                if (index >= position && index < end) {
                    ends.put(index, end);
                }
            }
        }
        return ends;
    }

    /** The first free global index at or after {@code from}: the head of the log when there are no holes. */
    long firstFreeFrom(long from) {
        return BoundarySearch.firstFreeFrom(from, this::coveredEnds);
    }

    /**
     * The position of the first commit starting after {@code globalIndex}. A range query: served by the {@code _id}
     * index on MongoDB but a collection scan on mongo-java-server, so it is only used after an exact probe proved
     * that a hole of more than a batch lies ahead (see {@code TrackedEventReader}).
     */
    OptionalLong firstPositionAfter(long globalIndex) {
        BsonDocument commit = commits.find(new BsonDocument(ID, new BsonDocument("$gt", new BsonInt64(globalIndex))))
                                     .sort(new BsonDocument(ID, new BsonInt32(1)))
                                     .projection(new BsonDocument(ID, new BsonInt32(1)))
                                     .limit(1)
                                     .first();
        return commit == null ? OptionalLong.empty() : OptionalLong.of(CommitSchema.position(commit));
    }

    /**
     * The first commit, in global order, with an event at or after {@code dateTime}. A scan in the worst case (not a
     * hot path: used when a processor is reset to a point in time); event timestamps are only roughly ordered
     * with the global index, so no binary search would be exact.
     */
    Optional<BsonDocument> firstCommitWithEventAtOrAfter(Instant dateTime) {
        BsonDocument filter = new BsonDocument(EVENTS + '.' + TIMESTAMP,
                                               new BsonDocument("$gte", new BsonDateTime(dateTime.toEpochMilli())));
        return Optional.ofNullable(commits.find(filter)
                                          .sort(new BsonDocument(ID, new BsonInt32(1)))
                                          .projection(new BsonDocument(ID, new BsonInt32(1))
                                                              .append(COUNT, new BsonInt32(1))
                                                              .append(EVENTS + '.' + TIMESTAMP, new BsonInt32(1)))
                                          .limit(1)
                                          .first());
    }

    /** Whether any commit exists; an unfiltered {@code limit(1)} stops at the first document on both servers. */
    boolean isEmpty() {
        return commits.find().projection(new BsonDocument(ID, new BsonInt32(1))).limit(1).first() == null;
    }

    static BsonValue eventTimestamp(BsonDocument commit, int offset) {
        return commit.getArray(EVENTS).get(offset).asDocument().get(TIMESTAMP);
    }
}
