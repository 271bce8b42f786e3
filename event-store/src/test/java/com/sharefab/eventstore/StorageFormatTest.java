package com.sharefab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.bson.BsonArray;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageFormatTest extends EngineTestSupport {

    @Revision("3")
    record OrderPlaced(String orderId, int quantity, long reference, BigDecimal price, Instant placedAt,
                       List<String> tags, Address shipTo, String note) {
    }

    record Address(String city, String zip) {
    }

    record ItemAdded(String item, int quantity) {
    }

    private static final OrderPlaced ORDER_PLACED = new OrderPlaced(
            "order-1", 3, Long.MAX_VALUE - 1, new BigDecimal("10.50"), Instant.parse("2024-05-01T12:30:45.123Z"),
            List.of("rush", "gift"), new Address("Hangzhou", "310000"), null);

    @Test
    void appendEvents_objectPayload_storedAsBsonFieldsAnAuditorCanRead() {
        MongoCommitEventStorageEngine engine = engine();

        engine.appendEvents(event("order-1", 0, ORDER_PLACED));

        BsonDocument stored = eventsCollection().find().first().getArray("events").get(0).asDocument();
        assertThat(stored.getString("payloadType").getValue()).isEqualTo(OrderPlaced.class.getName());
        assertThat(stored.getString("payloadRevision").getValue()).isEqualTo("3");
        assertThat(stored.getString("aggregateIdentifier").getValue()).isEqualTo("order-1");
        assertThat(stored.getInt64("sequenceNumber").getValue()).isZero();
        assertThat(stored.get("timestamp").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        BsonDocument payload = stored.getDocument("payload");
        assertThat(payload.get("orderId")).isEqualTo(new BsonString("order-1"));
        assertThat(payload.get("quantity")).isEqualTo(new BsonInt32(3));
        assertThat(payload.get("reference")).isEqualTo(new BsonInt64(Long.MAX_VALUE - 1));
        assertThat(payload.get("price")).isEqualTo(new BsonDecimal128(new Decimal128(new BigDecimal("10.50"))));
        assertThat(payload.get("placedAt")).isEqualTo(new BsonString("2024-05-01T12:30:45.123Z"));
        assertThat(payload.get("tags")).isEqualTo(new BsonArray(List.of(new BsonString("rush"),
                                                                          new BsonString("gift"))));
        assertThat(payload.getDocument("shipTo").getString("city").getValue()).isEqualTo("Hangzhou");
        assertThat(payload.get("note").isNull()).isTrue();
        assertThat(stored.getDocument("metaData").getString("traceId").getValue()).isEqualTo("trace-0");
    }

    @Test
    void readEvents_objectPayload_roundTripsExactly() {
        MongoCommitEventStorageEngine engine = engine();
        DomainEventMessage<?> original = event("order-1", 0, ORDER_PLACED);
        engine.appendEvents(original);

        DomainEventMessage<?> read = engine.readEvents("order-1").next();

        assertThat(read.getPayload()).isEqualTo(ORDER_PLACED);
        assertThat(read.getIdentifier()).isEqualTo(original.getIdentifier());
        assertThat(read.getMetaData()).isEqualTo(original.getMetaData());
        assertThat(read.getTimestamp()).isEqualTo(original.getTimestamp().truncatedTo(ChronoUnit.MILLIS));
        assertThat(read.getType()).isEqualTo(AGGREGATE_TYPE);
    }

    @Test
    void readEvents_upcasterRewritingTheJsonPayload_returnsTheUpcastedEvent() {
        SingleEventUpcaster renameQty = new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation representation) {
                return representation.getType().getName().equals("legacy.ItemAdded");
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                return representation.upcastPayload(new SimpleSerializedType(ItemAdded.class.getName(), null),
                                                    JsonNode.class, json -> {
                            ObjectNode upcasted = ((ObjectNode) json).deepCopy();
                            upcasted.set("quantity", upcasted.remove("qty"));
                            return upcasted;
                        });
            }
        };
        MongoCommitEventStorageEngine engine = engine(builder -> builder.upcasterChain(renameQty));
        engine.appendEvents(event("cart-1", 0, "placeholder"));
        // rewrite the stored event as an old format would have stored it
        eventsCollection().updateOne(new BsonDocument("_id", new BsonInt64(1)), new BsonDocument(
                "$set", new BsonDocument("events.0.payloadType", new BsonString("legacy.ItemAdded"))
                .append("events.0.payload", BsonDocument.parse("{item: 'bolt', qty: 12}"))));

        assertThat(engine.readEvents("cart-1").next().getPayload()).isEqualTo(new ItemAdded("bolt", 12));
        assertThat(payloads(readAll(engine, null))).containsExactly(new ItemAdded("bolt", 12));
    }

    @Test
    void build_serializerThatDoesNotProduceJson_isRejectedAtStartup() {
        assertThatThrownBy(() -> engine(builder -> builder.eventSerializer(XStreamSerializer.defaultSerializer())))
                .isInstanceOf(AxonConfigurationException.class);
    }

    @Test
    void ensureIndexes_calledTwice_isIdempotentAndCreatesTheUniqueIndexes() {
        MongoCommitEventStorageEngine engine = engine();

        engine.ensureIndexes();

        List<BsonDocument> indexes = eventsCollection().listIndexes(BsonDocument.class).into(new ArrayList<>());
        assertThat(indexes).extracting(index -> index.getString("name").getValue())
                           .containsExactlyInAnyOrder("_id_", "globalIndexes_unique", "streamKeys_unique",
                                                      "eventIdentifiers_unique");
        assertThat(indexes).filteredOn(index -> !index.getString("name").getValue().equals("_id_"))
                           .allSatisfy(index -> assertThat(index.getBoolean("unique").getValue()).isTrue());
    }

    @Test
    void jsonBson_numbers_keepExactValuesAndTypes() {
        assertRoundTrip(LongNode.valueOf(Long.MIN_VALUE), BsonType.INT64);
        assertRoundTrip(DecimalNode.valueOf(new BigDecimal("12345678901234567890.123450")), BsonType.DECIMAL128);
        assertRoundTrip(DoubleNode.valueOf(0.1), BsonType.DOUBLE);
        BigInteger hugeInteger = BigInteger.TEN.pow(30);
        assertThat(JsonBson.toBson(BigIntegerNode.valueOf(hugeInteger)).getBsonType()).isEqualTo(BsonType.DECIMAL128);
        assertThat(JsonBson.toJson(JsonBson.toBson(BigIntegerNode.valueOf(hugeInteger))).bigIntegerValue())
                .isEqualTo(hugeInteger);
        BigDecimal tooPrecise = new BigDecimal("1.000000000000000000000000000000000000001");
        BsonValue asText = JsonBson.toBson(DecimalNode.valueOf(tooPrecise));
        assertThat(asText).isEqualTo(new BsonString(tooPrecise.toString()));
    }

    private static void assertRoundTrip(JsonNode node, BsonType expectedType) {
        BsonValue bson = JsonBson.toBson(node);
        assertThat(bson.getBsonType()).isEqualTo(expectedType);
        assertThat(JsonBson.toJson(bson)).isEqualTo(node);
    }
}
