package com.sharefab.app.audit;

import com.sharefab.audit.AuditedEvent;
import com.sharefab.events.EventMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonValue;

/** An event as the {@code AuditEvent} GraphQL type shows it: payload and metadata as plain JSON values. */
record AuditEventView(
        String id,
        long globalIndex,
        String aggregateId,
        String aggregateType,
        Long sequenceNumber,
        String payloadType,
        String payloadRevision,
        Instant timestamp,
        Object payload,
        Object metadata,
        String actorId,
        String actorFirmId,
        String actorRole,
        String correlationId,
        String causationId,
        String requestId) {

    static AuditEventView of(AuditedEvent event) {
        return new AuditEventView(event.eventIdentifier(), event.globalIndex(), event.aggregateIdentifier(),
                event.aggregateType(), event.sequenceNumber(), event.payloadType(), event.payloadRevision(),
                event.timestamp(), plain(event.payload()), plain(event.metaData()),
                event.metaDataText(EventMetadata.ACTOR_ID), event.metaDataText(EventMetadata.ACTOR_FIRM_ID),
                event.metaDataText(EventMetadata.ACTOR_ROLE), event.metaDataText(EventMetadata.CORRELATION_ID),
                event.metaDataText(EventMetadata.CAUSATION_ID), event.metaDataText(EventMetadata.REQUEST_ID));
    }

    /** BSON as the values a JSON scalar writes: maps, lists, strings, numbers, booleans, null. */
    static Object plain(BsonValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getBsonType()) {
            case DOCUMENT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asDocument().forEach((key, field) -> map.put(key, plain(field)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asArray().forEach(element -> list.add(plain(element)));
                yield list;
            }
            case STRING -> value.asString().getValue();
            case INT32 -> value.asInt32().getValue();
            case INT64 -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case DECIMAL128 -> value.asDecimal128().getValue().bigDecimalValue();
            case BOOLEAN -> value.asBoolean().getValue();
            case DATE_TIME -> Instant.ofEpochMilli(value.asDateTime().getValue()).toString();
            case NULL, UNDEFINED -> null;
            default -> value.toString();
        };
    }
}
