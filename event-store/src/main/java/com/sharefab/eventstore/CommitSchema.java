package com.sharefab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Layout of the documents in the events and snapshots collections.
 * <p>
 * One document per commit (one {@code appendEvents} call, i.e. one unit of work), so a commit is stored all-or-nothing
 * without transactions:
 * <pre>
 * { _id: 17,                                   // global index of the commit's first event (long)
 *   count: 3,                                  // number of events; they occupy global indexes 17, 18, 19
 *   globalIndexes: [17, 18, 19],               // unique multikey index: "which commit holds global index n?"
 *   streamKeys: ["order-1/4", "order-1/5", "order-2/0"], // unique multikey index: "aggregate/sequenceNumber"
 *   events: [ { eventIdentifier, aggregateIdentifier, aggregateType, sequenceNumber, timestamp,
 *               payloadType, payloadRevision, payload: {...}, metaData: {...} }, ... ] }
 * </pre>
 * {@code streamKeys} is absent when a commit holds no domain events (the index on it is sparse). Non-domain events have
 * no aggregate fields. Every lookup on a hot path is exact equality or {@code $in} on {@code _id}, {@code globalIndexes}
 * or {@code streamKeys} — see NOTES.md for why.
 */
final class CommitSchema {

    static final String ID = "_id";
    static final String COUNT = "count";
    static final String GLOBAL_INDEXES = "globalIndexes";
    static final String STREAM_KEYS = "streamKeys";
    static final String EVENTS = "events";

    static final String EVENT_IDENTIFIER = "eventIdentifier";
    static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String SEQUENCE_NUMBER = "sequenceNumber";
    static final String TIMESTAMP = "timestamp";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";

    static final String ID_INDEX = "_id_";
    static final String GLOBAL_INDEXES_INDEX = "globalIndexes_unique";
    static final String STREAM_KEYS_INDEX = "streamKeys_unique";
    static final String EVENT_IDENTIFIERS_INDEX = "eventIdentifiers_unique";

    /** The first global index ever handed out; same convention as Axon's JDBC/JPA engines (auto-increment from 1). */
    static final long FIRST_GLOBAL_INDEX = 1L;

    private CommitSchema() {
    }

    /**
     * The per-aggregate unique key of one event. The sequence number is the text after the last '/', and it never
     * contains a '/', so distinct (aggregate, sequence) pairs always give distinct keys even if ids contain '/'.
     */
    static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + '/' + sequenceNumber;
    }

    /** Builds everything of a commit document except its position ({@code _id}, {@code count}, {@code globalIndexes}). */
    static BsonDocument commitBody(List<? extends EventMessage<?>> events, Serializer serializer) {
        BsonArray streamKeys = new BsonArray();
        BsonArray eventDocuments = new BsonArray(new ArrayList<>(events.size()));
        for (EventMessage<?> event : events) {
            BsonDocument eventDocument = new BsonDocument(EVENT_IDENTIFIER, new BsonString(event.getIdentifier()));
            DomainEventMessage<?> domainEvent = asDomainEvent(event);
            if (domainEvent != null) {
                eventDocument.append(AGGREGATE_IDENTIFIER, new BsonString(domainEvent.getAggregateIdentifier()));
                if (domainEvent.getType() != null) {
                    eventDocument.append(AGGREGATE_TYPE, new BsonString(domainEvent.getType()));
                }
                eventDocument.append(SEQUENCE_NUMBER, new BsonInt64(domainEvent.getSequenceNumber()));
                streamKeys.add(new BsonString(streamKey(domainEvent.getAggregateIdentifier(),
                                                        domainEvent.getSequenceNumber())));
            }
            eventDocument.append(TIMESTAMP, new BsonDateTime(event.getTimestamp().toEpochMilli()));
            appendSerialized(eventDocument, event, serializer);
            eventDocuments.add(eventDocument);
        }
        BsonDocument body = new BsonDocument();
        if (!streamKeys.isEmpty()) {
            body.append(STREAM_KEYS, streamKeys);
        }
        body.append(EVENTS, eventDocuments);
        return body;
    }

    /** A snapshot document; {@code _id} is the aggregate identifier, so there is one (the latest) per aggregate. */
    static BsonDocument snapshotDocument(DomainEventMessage<?> snapshot, Serializer serializer) {
        BsonDocument document = new BsonDocument(ID, new BsonString(snapshot.getAggregateIdentifier()))
                .append(AGGREGATE_IDENTIFIER, new BsonString(snapshot.getAggregateIdentifier()))
                .append(SEQUENCE_NUMBER, new BsonInt64(snapshot.getSequenceNumber()))
                .append(EVENT_IDENTIFIER, new BsonString(snapshot.getIdentifier()))
                .append(TIMESTAMP, new BsonDateTime(snapshot.getTimestamp().toEpochMilli()));
        if (snapshot.getType() != null) {
            document.append(AGGREGATE_TYPE, new BsonString(snapshot.getType()));
        }
        appendSerialized(document, snapshot, serializer);
        return document;
    }

    private static void appendSerialized(BsonDocument target, EventMessage<?> event, Serializer serializer) {
        SerializedObject<JsonNode> payload = event.serializePayload(serializer, JsonNode.class);
        SerializedObject<JsonNode> metaData = event.serializeMetaData(serializer, JsonNode.class);
        target.append(PAYLOAD_TYPE, new BsonString(payload.getType().getName()));
        if (payload.getType().getRevision() != null) {
            target.append(PAYLOAD_REVISION, new BsonString(payload.getType().getRevision()));
        }
        target.append(PAYLOAD, JsonBson.toBson(payload.getData()));
        target.append(META_DATA, JsonBson.toBson(metaData.getData()));
    }

    /** Domain events with an aggregate identifier are stored with aggregate fields; everything else is not. */
    static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            return domainEvent;
        }
        return null;
    }

    /** The commit body placed at global index {@code position}: adds {@code _id}, {@code count}, {@code globalIndexes}. */
    static BsonDocument positioned(BsonDocument body, long position, int count) {
        BsonArray globalIndexes = new BsonArray(new ArrayList<>(count));
        for (int offset = 0; offset < count; offset++) {
            globalIndexes.add(new BsonInt64(position + offset));
        }
        BsonDocument document = new BsonDocument(ID, new BsonInt64(position))
                .append(COUNT, new BsonInt32(count))
                .append(GLOBAL_INDEXES, globalIndexes);
        for (Map.Entry<String, BsonValue> field : body.entrySet()) {
            document.append(field.getKey(), field.getValue());
        }
        return document;
    }

    static long position(BsonDocument commit) {
        return commit.getNumber(ID).longValue();
    }

    /** Exclusive end: the global index right after the commit's last event. */
    static long end(BsonDocument commit) {
        return position(commit) + commit.getNumber(COUNT).intValue();
    }

    /** The events of a commit, each with its global index ({@code _id} + offset). */
    static List<StoredEvent> events(BsonDocument commit) {
        long position = position(commit);
        BsonArray events = commit.getArray(EVENTS);
        List<StoredEvent> result = new ArrayList<>(events.size());
        for (int offset = 0; offset < events.size(); offset++) {
            result.add(new StoredEvent(position + offset, events.get(offset).asDocument()));
        }
        return result;
    }
}
