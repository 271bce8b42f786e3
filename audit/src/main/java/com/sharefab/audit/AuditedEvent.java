package com.sharefab.audit;

import java.time.Instant;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * One event as the store holds it: its place in the global order and its stored document, with the field names of the
 * event store's commit layout ({@code event-store/DESIGN.md}). Payload and metadata stay BSON, exactly as written, so
 * nothing (no serializer, no upcaster) stands between the bytes that were stored and the bytes that are hashed.
 *
 * @param globalIndex the event's position in the global order (1, 2, 3, ...)
 * @param document    the stored event: eventIdentifier, aggregateIdentifier, aggregateType, sequenceNumber,
 *                    timestamp, payloadType, payloadRevision, payload, metaData
 */
public record AuditedEvent(long globalIndex, BsonDocument document) {

    public static final String EVENT_IDENTIFIER = "eventIdentifier";
    public static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String TIMESTAMP = "timestamp";
    public static final String PAYLOAD_TYPE = "payloadType";
    public static final String PAYLOAD_REVISION = "payloadRevision";
    public static final String PAYLOAD = "payload";
    public static final String META_DATA = "metaData";
    /** The extra field an export line carries: the event's global index. */
    public static final String GLOBAL_INDEX = "globalIndex";

    public AuditedEvent {
        Objects.requireNonNull(document, "document");
    }

    /** An export line (the stored document plus {@code globalIndex}) back as an event. */
    public static AuditedEvent fromExportLine(BsonDocument line) {
        BsonDocument document = line.clone();
        long globalIndex = document.remove(GLOBAL_INDEX).asNumber().longValue();
        return new AuditedEvent(globalIndex, document);
    }

    /** This event as an export line: the stored document with {@code globalIndex} first. */
    public BsonDocument toExportLine() {
        BsonDocument line = new BsonDocument(GLOBAL_INDEX, new BsonInt64(globalIndex));
        document.forEach(line::append);
        return line;
    }

    /** The event id, or {@code null} if the stored document lost it. */
    public String eventIdentifier() {
        return text(EVENT_IDENTIFIER);
    }

    public String aggregateIdentifier() {
        return text(AGGREGATE_IDENTIFIER);
    }

    public String aggregateType() {
        return text(AGGREGATE_TYPE);
    }

    public Long sequenceNumber() {
        BsonValue value = document.get(SEQUENCE_NUMBER);
        return value != null && value.isNumber() ? value.asNumber().longValue() : null;
    }

    public String payloadType() {
        return text(PAYLOAD_TYPE);
    }

    public String payloadRevision() {
        return text(PAYLOAD_REVISION);
    }

    public Instant timestamp() {
        BsonValue value = document.get(TIMESTAMP);
        return value != null && value.isDateTime() ? Instant.ofEpochMilli(value.asDateTime().getValue()) : null;
    }

    public BsonValue payload() {
        return document.get(PAYLOAD);
    }

    /** The metadata document; empty if there is none. */
    public BsonDocument metaData() {
        BsonValue value = document.get(META_DATA);
        return value != null && value.isDocument() ? value.asDocument() : new BsonDocument();
    }

    /** A metadata entry as text, or {@code null}. */
    public String metaDataText(String key) {
        BsonValue value = metaData().get(key);
        return value == null || value.isNull() ? null : value.isString() ? value.asString().getValue() : value.toString();
    }

    private String text(String field) {
        BsonValue value = document.get(field);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }
}
