package com.sharefab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.time.Instant;

import static com.sharefab.eventstore.CommitSchema.AGGREGATE_IDENTIFIER;
import static com.sharefab.eventstore.CommitSchema.AGGREGATE_TYPE;
import static com.sharefab.eventstore.CommitSchema.EVENT_IDENTIFIER;
import static com.sharefab.eventstore.CommitSchema.META_DATA;
import static com.sharefab.eventstore.CommitSchema.PAYLOAD;
import static com.sharefab.eventstore.CommitSchema.PAYLOAD_REVISION;
import static com.sharefab.eventstore.CommitSchema.PAYLOAD_TYPE;
import static com.sharefab.eventstore.CommitSchema.SEQUENCE_NUMBER;
import static com.sharefab.eventstore.CommitSchema.TIMESTAMP;

/**
 * One stored event (or snapshot) as Axon's upcasting/deserialization pipeline wants it: payload and metadata as
 * {@link JsonNode}. The BSON-to-JSON conversion is deferred until Axon asks for the payload, because tracking
 * processors often skip events they have no handler for.
 */
final class StoredEvent implements DomainEventData<JsonNode> {

    private final long globalIndex;
    private final BsonDocument document;
    private SerializedObject<JsonNode> payload;
    private SerializedObject<JsonNode> metaData;

    StoredEvent(long globalIndex, BsonDocument document) {
        this.globalIndex = globalIndex;
        this.document = document;
    }

    long globalIndex() {
        return globalIndex;
    }

    @Override
    public String getEventIdentifier() {
        return document.getString(EVENT_IDENTIFIER).getValue();
    }

    @Override
    public Instant getTimestamp() {
        return Instant.ofEpochMilli(document.getDateTime(TIMESTAMP).getValue());
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        if (metaData == null) {
            metaData = new SerializedMetaData<>(JsonBson.toJson(document.get(META_DATA)), JsonNode.class);
        }
        return metaData;
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        if (payload == null) {
            BsonValue revision = document.get(PAYLOAD_REVISION);
            payload = new SimpleSerializedObject<>(JsonBson.toJson(document.get(PAYLOAD)),
                                                   JsonNode.class,
                                                   document.getString(PAYLOAD_TYPE).getValue(),
                                                   revision == null || revision.isNull() ? null
                                                           : revision.asString().getValue());
        }
        return payload;
    }

    /** The aggregate type; {@code null} for events that were not published by an aggregate. */
    @Override
    public String getType() {
        return text(AGGREGATE_TYPE);
    }

    /**
     * {@code null} for non-domain events, which makes Axon hand them out as plain (non-domain) event messages.
     */
    @Override
    public String getAggregateIdentifier() {
        return text(AGGREGATE_IDENTIFIER);
    }

    @Override
    public long getSequenceNumber() {
        BsonValue sequenceNumber = document.get(SEQUENCE_NUMBER);
        return sequenceNumber == null ? 0L : sequenceNumber.asNumber().longValue();
    }

    private String text(String field) {
        BsonValue value = document.get(field);
        return value == null || value.isNull() ? null : value.asString().getValue();
    }

    @Override
    public String toString() {
        return "StoredEvent{globalIndex=" + globalIndex + ", eventIdentifier=" + getEventIdentifier()
                + ", aggregateIdentifier=" + getAggregateIdentifier() + ", sequenceNumber=" + getSequenceNumber() + '}';
    }
}
