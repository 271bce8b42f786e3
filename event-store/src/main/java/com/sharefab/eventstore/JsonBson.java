package com.sharefab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * Converts Jackson trees to BSON values and back, so payloads and metadata are stored as real BSON documents (an
 * auditor sees fields, not JSON text, XML or base64) and are handed to Axon's serializer/upcasters as {@link JsonNode}.
 * <p>
 * Numbers keep their exact type: int stays int32, long stays int64 (so ids and amounts survive exactly), decimals
 * become Decimal128 when that is exact, and anything that cannot be represented exactly in BSON is stored as its decimal
 * string rather than silently rounded (Jackson coerces such strings back into numeric fields).
 */
final class JsonBson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper POJO_MAPPER = new ObjectMapper();

    private JsonBson() {
    }

    static BsonValue toBson(JsonNode node) {
        if (node == null) {
            return BsonNull.VALUE;
        }
        switch (node.getNodeType()) {
            case OBJECT:
                BsonDocument document = new BsonDocument();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    document.append(field.getKey(), toBson(field.getValue()));
                }
                return document;
            case ARRAY:
                BsonArray array = new BsonArray();
                for (JsonNode element : node) {
                    array.add(toBson(element));
                }
                return array;
            case STRING:
                return new BsonString(node.textValue());
            case NUMBER:
                return toBsonNumber(node);
            case BOOLEAN:
                return BsonBoolean.valueOf(node.booleanValue());
            case BINARY:
                try {
                    return new BsonBinary(node.binaryValue());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            case POJO:
                // Only appears in hand-built trees; render the POJO the way Jackson would have written it.
                return toBson(POJO_MAPPER.valueToTree(((POJONode) node).getPojo()));
            case NULL:
            case MISSING:
            default:
                return BsonNull.VALUE;
        }
    }

    private static BsonValue toBsonNumber(JsonNode node) {
        switch (node.numberType()) {
            case INT:
                return new BsonInt32(node.intValue());
            case LONG:
                return new BsonInt64(node.longValue());
            case BIG_INTEGER:
                BigInteger bigInteger = node.bigIntegerValue();
                if (bigInteger.bitLength() < 64) {
                    return new BsonInt64(bigInteger.longValue());
                }
                return exactDecimal(new BigDecimal(bigInteger));
            case BIG_DECIMAL:
                return exactDecimal(node.decimalValue());
            case FLOAT:
            case DOUBLE:
            default:
                return new BsonDouble(node.doubleValue());
        }
    }

    private static BsonValue exactDecimal(BigDecimal value) {
        try {
            return new BsonDecimal128(new Decimal128(value));
        } catch (NumberFormatException | ArithmeticException inexact) {
            // Decimal128 holds 34 significant digits; beyond that keep the exact text instead of rounding.
            return new BsonString(value.toString());
        }
    }

    static JsonNode toJson(BsonValue value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        switch (value.getBsonType()) {
            case DOCUMENT:
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
                    object.set(field.getKey(), toJson(field.getValue()));
                }
                return object;
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (BsonValue element : value.asArray()) {
                    array.add(toJson(element));
                }
                return array;
            case STRING:
                return TextNode.valueOf(value.asString().getValue());
            case INT32:
                return IntNode.valueOf(value.asInt32().getValue());
            case INT64:
                return LongNode.valueOf(value.asInt64().getValue());
            case DOUBLE:
                return DoubleNode.valueOf(value.asDouble().getValue());
            case DECIMAL128:
                return toJson(value.asDecimal128().getValue());
            case BOOLEAN:
                return BooleanNode.valueOf(value.asBoolean().getValue());
            case BINARY:
                return BinaryNode.valueOf(value.asBinary().getData());
            case DATE_TIME:
                // Never written by this store, but hand-edited documents may contain dates: use ISO-8601 text.
                return TextNode.valueOf(Instant.ofEpochMilli(value.asDateTime().getValue()).toString());
            case OBJECT_ID:
                return TextNode.valueOf(value.asObjectId().getValue().toHexString());
            case NULL:
            case UNDEFINED:
                return NullNode.getInstance();
            default:
                return TextNode.valueOf(value.toString());
        }
    }

    private static JsonNode toJson(Decimal128 decimal) {
        if (decimal.isNaN() || decimal.isInfinite()) {
            return DoubleNode.valueOf(decimal.isNaN() ? Double.NaN
                                              : decimal.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        try {
            return DecimalNode.valueOf(decimal.bigDecimalValue());
        } catch (ArithmeticException negativeZero) {
            return DecimalNode.valueOf(BigDecimal.ZERO);
        }
    }
}
