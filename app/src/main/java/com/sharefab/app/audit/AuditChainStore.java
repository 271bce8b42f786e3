package com.sharefab.app.audit;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.sharefab.audit.AuditedEvent;
import com.sharefab.audit.ChainRecord;
import com.sharefab.audit.Checkpoint;
import com.sharefab.audit.HashChain;
import com.sharefab.events.EventMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.springframework.stereotype.Component;

/**
 * The chain in MongoDB.
 * <ul>
 *   <li>{@code audit_chain}: one record per global index ({@code _id}): event id, event hash, link; plus the fields the
 *       history queries filter on (payload type, actor, firm, timestamp), copied from the event when it was linked;</li>
 *   <li>{@code audit_checkpoints}: signed links, {@code _id} = global index;</li>
 *   <li>{@code audit_state}: {@code {_id: "chain", head, link}}, the last linked index, so no query needs a sort.</li>
 * </ul>
 * Chain reads are {@code _id $in} windows (indexed on both servers). The history filters use compound indexes
 * {@code {field: 1, _id: 1}} on MongoDB; mongo-java-server ignores non-unique indexes and scans these small records.
 */
@Component
class AuditChainStore {

    static final String CHAIN = "audit_chain";
    static final String CHECKPOINTS = "audit_checkpoints";
    static final String STATE = "audit_state";
    static final List<String> FILTER_FIELDS = List.of(
            AuditedEvent.PAYLOAD_TYPE, EventMetadata.ACTOR_FIRM_ID, EventMetadata.ACTOR_ID, AuditedEvent.TIMESTAMP);

    /** The chain's head: the last linked global index (0 for none) and its link. */
    record Head(long globalIndex, String link) {}

    private final MongoCollection<BsonDocument> chain;
    private final MongoCollection<BsonDocument> checkpoints;
    private final MongoCollection<BsonDocument> state;

    AuditChainStore(MongoDatabase database) {
        this.chain = database.getCollection(CHAIN, BsonDocument.class);
        this.checkpoints = database.getCollection(CHECKPOINTS, BsonDocument.class);
        this.state = database.getCollection(STATE, BsonDocument.class);
        chain.createIndex(new BsonDocument(AuditedEvent.EVENT_IDENTIFIER, new BsonInt64(1)),
                new IndexOptions().unique(true).sparse(true).name("eventIdentifier_unique"));
        for (String field : FILTER_FIELDS) {
            chain.createIndex(new BsonDocument(field, new BsonInt64(1)).append("_id", new BsonInt64(1)));
        }
    }

    Head head() {
        BsonDocument document = state.find(new BsonDocument("_id", new BsonString("chain"))).first();
        return document == null ? new Head(0, HashChain.GENESIS)
                : new Head(document.getNumber("head").longValue(), document.getString("link").getValue());
    }

    void moveHead(Head head) {
        state.replaceOne(new BsonDocument("_id", new BsonString("chain")),
                new BsonDocument("_id", new BsonString("chain"))
                        .append("head", new BsonInt64(head.globalIndex()))
                        .append("link", new BsonString(head.link())),
                new ReplaceOptions().upsert(true));
    }

    /** The records at {@code from..to}, by index. */
    Map<Long, ChainRecord> records(long from, long to) {
        Map<Long, ChainRecord> records = new TreeMap<>();
        for (BsonDocument document : chain.find(idIn(from, to))) {
            ChainRecord record = record(document);
            records.put(record.globalIndex(), record);
        }
        return records;
    }

    /** The record at one index, if any. */
    ChainRecord record(long globalIndex) {
        BsonDocument document = chain.find(new BsonDocument("_id", new BsonInt64(globalIndex))).first();
        return document == null ? null : record(document);
    }

    /** Where the chain linked an event id. */
    OptionalLong indexOf(String eventIdentifier) {
        BsonDocument document = chain.find(new BsonDocument(AuditedEvent.EVENT_IDENTIFIER,
                new BsonString(eventIdentifier))).first();
        return document == null ? OptionalLong.empty() : OptionalLong.of(document.getNumber("_id").longValue());
    }

    /** Inserts records; one already there (another node, a replay) is kept as it is. */
    void insert(List<BsonDocument> documents) {
        insertIgnoringDuplicates(chain, documents);
    }

    static BsonDocument document(ChainRecord record, AuditedEvent event) {
        BsonDocument document = new BsonDocument("_id", new BsonInt64(record.globalIndex()));
        if (record.eventIdentifier() != null) {
            document.append(AuditedEvent.EVENT_IDENTIFIER, new BsonString(record.eventIdentifier()));
        }
        document.append("eventHash", new BsonString(record.eventHash()))
                .append("link", new BsonString(record.link()));
        if (event != null) {
            putText(document, AuditedEvent.PAYLOAD_TYPE, event.payloadType());
            putText(document, AuditedEvent.AGGREGATE_IDENTIFIER, event.aggregateIdentifier());
            putText(document, EventMetadata.ACTOR_ID, event.metaDataText(EventMetadata.ACTOR_ID));
            putText(document, EventMetadata.ACTOR_FIRM_ID, event.metaDataText(EventMetadata.ACTOR_FIRM_ID));
            putText(document, EventMetadata.ACTOR_ROLE, event.metaDataText(EventMetadata.ACTOR_ROLE));
            if (event.timestamp() != null) {
                document.append(AuditedEvent.TIMESTAMP, new BsonDateTime(event.timestamp().toEpochMilli()));
            }
        }
        return document;
    }

    private static void putText(BsonDocument document, String field, String value) {
        if (value != null) {
            document.append(field, new BsonString(value));
        }
    }

    private static ChainRecord record(BsonDocument document) {
        BsonValue id = document.get(AuditedEvent.EVENT_IDENTIFIER);
        return new ChainRecord(document.getNumber("_id").longValue(),
                id == null || id.isNull() ? null : id.asString().getValue(),
                document.getString("eventHash", new BsonString("")).getValue(),
                document.getString("link", new BsonString("")).getValue());
    }

    /**
     * The linked global indexes that match every given filter, after {@code after}, in order, at most {@code limit}.
     * A plain filter document on the record fields and {@code _id > after}, sorted by {@code _id}.
     */
    List<Long> find(Map<String, BsonValue> filter, long after, int limit) {
        BsonDocument query = new BsonDocument();
        filter.forEach(query::append);
        if (after > 0) {
            query.append("_id", new BsonDocument("$gt", new BsonInt64(after)));
        }
        List<Long> indexes = new ArrayList<>();
        for (BsonDocument document : chain.find(query).sort(new BsonDocument("_id", new BsonInt64(1))).limit(limit)
                .projection(new BsonDocument("_id", new BsonInt64(1)))) {
            indexes.add(document.getNumber("_id").longValue());
        }
        return indexes;
    }

    /** The first or last linked index with a timestamp in [from, to), if any. */
    OptionalLong edge(Instant from, Instant to, boolean first) {
        BsonDocument query = new BsonDocument(AuditedEvent.TIMESTAMP,
                new BsonDocument("$gte", new BsonDateTime(from.toEpochMilli()))
                        .append("$lt", new BsonDateTime(to.toEpochMilli())));
        BsonDocument document = chain.find(query).sort(new BsonDocument("_id", new BsonInt64(first ? 1 : -1)))
                .limit(1).projection(new BsonDocument("_id", new BsonInt64(1))).first();
        return document == null ? OptionalLong.empty() : OptionalLong.of(document.getNumber("_id").longValue());
    }

    Map<Long, Checkpoint> checkpoints(long from, long to) {
        Map<Long, Checkpoint> found = new TreeMap<>();
        for (BsonDocument document : checkpoints.find(idIn(from, to))) {
            found.put(document.getNumber("_id").longValue(), new Checkpoint(document.getNumber("_id").longValue(),
                    document.getString("link").getValue(), document.getString("signature").getValue(),
                    Instant.ofEpochMilli(document.getDateTime("signedAt").getValue())));
        }
        return found;
    }

    void insert(Checkpoint checkpoint) {
        insertIgnoringDuplicates(checkpoints, List.of(new BsonDocument("_id", new BsonInt64(checkpoint.globalIndex()))
                .append("link", new BsonString(checkpoint.link()))
                .append("signature", new BsonString(checkpoint.signature()))
                .append("signedAt", new BsonDateTime(checkpoint.signedAt().toEpochMilli()))));
    }

    private static BsonDocument idIn(long from, long to) {
        BsonArray ids = new BsonArray();
        for (long index = from; index <= to; index++) {
            ids.add(new BsonInt64(index));
        }
        return new BsonDocument("_id", new BsonDocument("$in", ids));
    }

    private static void insertIgnoringDuplicates(MongoCollection<BsonDocument> collection, List<BsonDocument> documents) {
        if (documents.isEmpty()) {
            return;
        }
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }
}
