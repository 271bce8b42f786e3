package com.sharefab.eventstore.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The synthetic event log every store is seeded with, identical for the three targets of one size.
 * <p>
 * Layout: {@code n} events of {@code n / EVENTS_PER_AGGREGATE} aggregates of exactly {@link #EVENTS_PER_AGGREGATE}
 * events each, interleaved round-robin in global order (event {@code i} belongs to aggregate {@code i % aggregates}
 * with sequence number {@code i / aggregates}), so every aggregate's events are spread over the whole log as in a
 * real system. Every event is its own commit (one command, one event). Event {@code i} has global index {@code i + 1}
 * and a timestamp {@link #SPACING} after event {@code i - 1}: a log written at 100 events/s in the past, so none of
 * the engines sees "recent" events during the read measurements (gap timeouts, look-back windows behave as in a
 * steady state).
 */
final class BenchmarkData {

    static final String AGGREGATE_TYPE = "Order";
    static final int EVENTS_PER_AGGREGATE = 40;
    static final Duration SPACING = Duration.ofMillis(10);
    /** The sequence number a snapshot is taken at: a snapshot load then reads the 10 events after it. */
    static final long SNAPSHOT_SEQUENCE = EVENTS_PER_AGGREGATE - 11;

    final long n;
    final int aggregates;
    /** Events per commit in the Sharefab store: 1 (one command, one event) unless {@code --commit-size} says so. */
    final int commitSize;
    final Instant firstTimestamp;
    private final long idSalt;

    BenchmarkData(long n) {
        this(n, 1);
    }

    /**
     * With {@code commitSize} k &gt; 1, k consecutive events belong to one aggregate (one command's unit of work):
     * event {@code i} is in commit {@code c = i / k}, of aggregate {@code c % aggregates}.
     */
    BenchmarkData(long n, int commitSize) {
        if (n % EVENTS_PER_AGGREGATE != 0 || EVENTS_PER_AGGREGATE % commitSize != 0) {
            throw new IllegalArgumentException("n must be a multiple of " + EVENTS_PER_AGGREGATE
                                                       + " and the commit size a divisor of it");
        }
        this.n = n;
        this.commitSize = commitSize;
        this.aggregates = (int) (n / EVENTS_PER_AGGREGATE);
        // the whole log lies in the past, ending an hour ago
        this.firstTimestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS)
                                     .minus(SPACING.multipliedBy(n)).minus(Duration.ofHours(1));
        this.idSalt = 0x5EED_0000_0000_0000L + n;
    }

    /** The serializer used by every engine: Jackson to JSON trees, ISO-8601 dates, exact decimals (the engine's default). */
    static Serializer serializer() {
        ObjectMapper objectMapper = new ObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .configure(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        return JacksonSerializer.builder().objectMapper(objectMapper).build();
    }

    // ---------------------------------------------------------------- event payloads

    /** A typical command's event: ~10 fields, a nested value, a decimal, a date. */
    @Revision("1")
    public record OrderLineAdded(String orderId, int lineNo, String sku, String description, int quantity,
                                 Price unitPrice, BigDecimal discountRate, Instant requestedDelivery,
                                 String factoryId, String process) {
    }

    public record Price(long fen, String currency) {
    }

    /** The aggregate state stored as a snapshot. */
    @Revision("1")
    public record OrderState(String orderId, int lineCount, Price total, String status, String lastSku,
                             List<String> skus) {
    }

    // ---------------------------------------------------------------- deterministic identities

    String aggregateId(int aggregate) {
        return new UUID(0x0DE2_0000_0000_0000L, aggregate).toString();
    }

    String eventId(long index) {
        return new UUID(idSalt, index).toString();
    }

    int aggregateOf(long index) {
        return (int) ((index / commitSize) % aggregates);
    }

    long sequenceOf(long index) {
        long commit = index / commitSize;
        return (commit / aggregates) * commitSize + index % commitSize;
    }

    /** 0-based index of the event of {@code aggregate} with {@code sequenceNumber}; its global index is this + 1. */
    long indexOf(int aggregate, long sequenceNumber) {
        long commit = (sequenceNumber / commitSize) * aggregates + aggregate;
        return commit * commitSize + sequenceNumber % commitSize;
    }

    Instant timestampOf(long index) {
        return firstTimestamp.plus(SPACING.multipliedBy(index));
    }

    /** Seeded event {@code index} (0-based). */
    DomainEventMessage<?> event(long index) {
        int aggregate = aggregateOf(index);
        return event(aggregateId(aggregate), sequenceOf(index), eventId(index), timestampOf(index));
    }

    static DomainEventMessage<?> event(String aggregateId, long sequenceNumber, String eventId, Instant timestamp) {
        OrderLineAdded payload = new OrderLineAdded(
                aggregateId, (int) sequenceNumber + 1, "SKU-" + (100_000 + (sequenceNumber * 7919) % 900_000),
                "CNC milled aluminium bracket, anodised, batch " + sequenceNumber,
                1 + (int) (sequenceNumber % 50), new Price(12_345 + sequenceNumber, "CNY"),
                new BigDecimal("0.050"), timestamp.plus(Duration.ofDays(14)).truncatedTo(ChronoUnit.SECONDS),
                "factory-" + (sequenceNumber % 97), "CNC_MILLING");
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put("actorId", "user-" + (sequenceNumber % 1000));
        metaData.put("actorFirmId", "firm-" + (sequenceNumber % 300));
        metaData.put("actorRole", "BUYER");
        metaData.put("requestId", "req-" + eventId.substring(0, 18));
        metaData.put("correlationId", eventId);
        metaData.put("causationId", eventId);
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, sequenceNumber, payload,
                                               MetaData.from(metaData), eventId, timestamp);
    }

    /**
     * A new message with the same content. Axon caches a message's serialized form inside the message, so every
     * target gets its own copies: otherwise one target's (untimed) preparation would serialize for another's timed
     * append.
     */
    static DomainEventMessage<?> copy(DomainEventMessage<?> event) {
        return event(event.getAggregateIdentifier(), event.getSequenceNumber(), event.getIdentifier(),
                     event.getTimestamp());
    }

    DomainEventMessage<?> snapshot(int aggregate) {
        String aggregateId = aggregateId(aggregate);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i <= SNAPSHOT_SEQUENCE; i++) {
            skus.add("SKU-" + (100_000 + (i * 7919L) % 900_000));
        }
        OrderState state = new OrderState(aggregateId, (int) SNAPSHOT_SEQUENCE + 1,
                                          new Price(987_654L, "CNY"), "OPEN", skus.get(skus.size() - 1), skus);
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, SNAPSHOT_SEQUENCE, state,
                                               MetaData.emptyInstance(), "snapshot-" + aggregateId,
                                               timestampOf(indexOf(aggregate, SNAPSHOT_SEQUENCE)));
    }

    // ---------------------------------------------------------------- the engine's commit document format

    /**
     * A single-event commit document exactly as {@code MongoCommitEventStorageEngine} writes it (see
     * {@code CommitSchema.commitBody/positioned}); {@code EventStoreBenchmark.verifySeedFormat} checks the equality
     * against documents the engine itself wrote before every run.
     */
    static BsonDocument commitDocument(DomainEventMessage<?> event, long globalIndex, Serializer serializer) {
        BsonDocument eventDocument = new BsonDocument("eventIdentifier", new BsonString(event.getIdentifier()))
                .append("aggregateIdentifier", new BsonString(event.getAggregateIdentifier()));
        if (event.getType() != null) {
            eventDocument.append("aggregateType", new BsonString(event.getType()));
        }
        eventDocument.append("sequenceNumber", new BsonInt64(event.getSequenceNumber()))
                     .append("timestamp", new BsonDateTime(event.getTimestamp().toEpochMilli()));
        SerializedObject<JsonNode> payload = event.serializePayload(serializer, JsonNode.class);
        SerializedObject<JsonNode> metaData = event.serializeMetaData(serializer, JsonNode.class);
        eventDocument.append("payloadType", new BsonString(payload.getType().getName()));
        if (payload.getType().getRevision() != null) {
            eventDocument.append("payloadRevision", new BsonString(payload.getType().getRevision()));
        }
        eventDocument.append("payload", toBson(payload.getData()))
                     .append("metaData", toBson(metaData.getData()));
        return new BsonDocument("_id", new BsonInt64(globalIndex))
                .append("count", new BsonInt32(1))
                .append("globalIndexes", new BsonArray(List.of(new BsonInt64(globalIndex))))
                .append("streamKeys", new BsonArray(List.of(new BsonString(
                        event.getAggregateIdentifier() + '/' + event.getSequenceNumber()))))
                .append("events", new BsonArray(List.of(eventDocument)));
    }

    /** A snapshot document of the engine's shape (used for the raw baseline only). */
    static BsonDocument snapshotDocument(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<JsonNode> payload = snapshot.serializePayload(serializer, JsonNode.class);
        SerializedObject<JsonNode> metaData = snapshot.serializeMetaData(serializer, JsonNode.class);
        return new BsonDocument("_id", new BsonString(snapshot.getAggregateIdentifier()))
                .append("aggregateIdentifier", new BsonString(snapshot.getAggregateIdentifier()))
                .append("sequenceNumber", new BsonInt64(snapshot.getSequenceNumber()))
                .append("eventIdentifier", new BsonString(snapshot.getIdentifier()))
                .append("timestamp", new BsonDateTime(snapshot.getTimestamp().toEpochMilli()))
                .append("aggregateType", new BsonString(snapshot.getType()))
                .append("payloadType", new BsonString(payload.getType().getName()))
                .append("payloadRevision", new BsonString(payload.getType().getRevision()))
                .append("payload", toBson(payload.getData()))
                .append("metaData", toBson(metaData.getData()));
    }

    /** Jackson tree to BSON with the engine's rules (int32/int64 kept, decimals as Decimal128). */
    static BsonValue toBson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return BsonNull.VALUE;
        }
        if (node.isObject()) {
            BsonDocument document = new BsonDocument();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                document.append(field.getKey(), toBson(field.getValue()));
            }
            return document;
        }
        if (node.isArray()) {
            BsonArray array = new BsonArray();
            node.forEach(element -> array.add(toBson(element)));
            return array;
        }
        if (node.isTextual()) {
            return new BsonString(node.textValue());
        }
        if (node.isBoolean()) {
            return BsonBoolean.valueOf(node.booleanValue());
        }
        if (node.isNumber()) {
            switch (node.numberType()) {
                case INT:
                    return new BsonInt32(node.intValue());
                case LONG:
                    return new BsonInt64(node.longValue());
                case BIG_DECIMAL:
                    return new BsonDecimal128(new Decimal128(node.decimalValue()));
                case BIG_INTEGER:
                    return new BsonInt64(node.longValue());
                default:
                    return new BsonDouble(node.doubleValue());
            }
        }
        throw new IllegalArgumentException("Unexpected JSON node in benchmark payload: " + node.getNodeType());
    }
}
