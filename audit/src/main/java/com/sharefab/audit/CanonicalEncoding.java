package com.sharefab.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The canonical bytes of an event: what the hash chain covers (ADR 0007).
 *
 * <p>The bytes are the BSON encoding (bsonspec.org) of one document with exactly these fields, in this order:
 * {@code globalIndex} (int64), {@code eventIdentifier}, {@code aggregateIdentifier}, {@code aggregateType},
 * {@code sequenceNumber}, {@code payloadType}, {@code payloadRevision}, {@code payload}, {@code metaData},
 * {@code timestamp}. Each value is the stored value with its stored BSON type (int32 stays int32, a date stays a date);
 * a field the stored event lacks is BSON null. In every embedded document (payload, metadata, and documents nested in
 * them, also inside arrays) the keys are sorted by their UTF-8 bytes, unsigned; array order is kept. Fields of the
 * stored document outside that list are not covered. Any BSON library can reproduce these bytes.
 *
 * <p>An index the chain saw empty (a gap in the global order) is encoded as {@code {globalIndex: int64, absent: true}}.
 */
public final class CanonicalEncoding {

    static final List<String> FIELDS = List.of(
            AuditedEvent.EVENT_IDENTIFIER, AuditedEvent.AGGREGATE_IDENTIFIER, AuditedEvent.AGGREGATE_TYPE,
            AuditedEvent.SEQUENCE_NUMBER, AuditedEvent.PAYLOAD_TYPE, AuditedEvent.PAYLOAD_REVISION,
            AuditedEvent.PAYLOAD, AuditedEvent.META_DATA, AuditedEvent.TIMESTAMP);

    private static final Comparator<String> UTF8_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private CanonicalEncoding() {}

    /** The canonical bytes of a stored event. */
    public static byte[] of(AuditedEvent event) {
        BsonDocument canonical = new BsonDocument(AuditedEvent.GLOBAL_INDEX, new BsonInt64(event.globalIndex()));
        for (String field : FIELDS) {
            BsonValue value = event.document().get(field);
            canonical.append(field, value == null ? BsonNull.VALUE : sorted(value));
        }
        return bson(canonical);
    }

    /** The canonical bytes of a global index at which the chain found no event. */
    public static byte[] ofAbsent(long globalIndex) {
        return bson(new BsonDocument(AuditedEvent.GLOBAL_INDEX, new BsonInt64(globalIndex))
                .append("absent", BsonBoolean.TRUE));
    }

    private static BsonValue sorted(BsonValue value) {
        if (value.isDocument()) {
            List<Map.Entry<String, BsonValue>> entries = new ArrayList<>(value.asDocument().entrySet());
            entries.sort(Map.Entry.comparingByKey(UTF8_ORDER));
            BsonDocument result = new BsonDocument();
            entries.forEach(entry -> result.append(entry.getKey(), sorted(entry.getValue())));
            return result;
        }
        if (value.isArray()) {
            BsonArray result = new BsonArray();
            value.asArray().forEach(element -> result.add(sorted(element)));
            return result;
        }
        return value;
    }

    private static byte[] bson(BsonDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }
}
