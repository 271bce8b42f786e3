package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded store's collections: each document written to the file as BSON, the format it came
 * in over the wire, instead of by Java serialization.
 *
 * <p>mongo-java-server keeps a collection's documents in an H2 map whose values H2 writes with {@link ObjectDataType}:
 * a document is not one of its known types, so it went through a fresh {@code ObjectOutputStream} each time its page
 * was written (every commit rewrites the changed pages whole, every document in them) and a fresh
 * {@code ObjectInputStream} each time a page was read back from the file. In the load benchmark's lag phase that was an
 * eighth of the whole process's CPU (docs/benchmarks.md, session 9). mongo-java-server's own BSON codec does the same
 * work several times faster.
 *
 * <p><b>The file.</b> A BSON document is written after a tag of its own ({@value #TAG_BSON_DOCUMENT}, unused by H2
 * 2.3's type), so values written before, by Java serialization, are still read as they were; they are rewritten as
 * BSON when their page is next written. A file written here can no longer be read by plain mongo-java-server (H2 stops
 * at the unknown tag, it does not misread). A document is written as BSON only when it reads back equal, of the same
 * types: every value is a document, a list, a string, a number, a boolean, null, a date in whole milliseconds, an
 * ObjectId, a Decimal128, binary data, a UUID, a timestamp or a min/max key; its strings are well-formed Unicode and its
 * keys hold no NUL. Anything else (a regular expression, a date with microseconds) is written by Java serialization,
 * as before.
 */
final class DocumentValueType extends ObjectDataType {

    /** The first byte of a value written as BSON. H2 2.3's {@link ObjectDataType} uses 0–19, 32–49 and 64–119. */
    static final byte TAG_BSON_DOCUMENT = 120;
    /** mongo-java-server's decoder refuses larger documents (MongoDB's own limit). */
    private static final int MAX_BSON_BYTES = 16 * 1024 * 1024;

    /**
     * What Java serialization adds to a document's BSON size: the class descriptions a fresh stream writes every time
     * (452–548 bytes on the store's own document shapes, {@code DocumentValueTypeBenchmark}).
     */
    static final int JAVA_SERIALIZATION_OVERHEAD = 500;

    /**
     * The memory a document is counted for in the page cache and in page splits: a running average over the documents
     * written or read, counted as H2 counted them before, at twice their Java-serialized size (BSON size plus {@link
     * #JAVA_SERIALIZATION_OVERHEAD}), from H2's starting value. So the cache ({@code
     * sharefab.mongodb.embedded-cache-mb}, tuned in session 6) holds as many documents, and as much heap, as it did,
     * and pages split where they did.
     */
    private volatile int averageSize = 10_000;

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? averageSize : super.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value != null && value.getClass() == Document.class && encodable((Document) value)) {
            ByteBuf bson = Unpooled.buffer(Math.max(256, averageSize / 2));
            try {
                BsonEncoder.encodeDocument((Document) value, bson);
                int length = bson.readableBytes();
                if (length <= MAX_BSON_BYTES) {
                    buffer.put(TAG_BSON_DOCUMENT).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
                    counted(length);
                    return;
                }
            } finally {
                bson.release();
            }
        }
        super.write(buffer, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        int position = buffer.position();
        if (buffer.get(position) != TAG_BSON_DOCUMENT) {
            return super.read(buffer);
        }
        int start = position + 1;
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.slice(start, length)));
        buffer.position(start + length);
        counted(length);
        return document;
    }

    private void counted(int bsonSize) {
        averageSize = (2 * (bsonSize + JAVA_SERIALIZATION_OVERHEAD) + 15 * averageSize) / 16; // as H2's own
    }

    /** Whether the document reads back from BSON equal to itself, with the same types. */
    static boolean encodable(Document document) {
        for (Map.Entry<String, Object> field : document.entrySet()) {
            String key = field.getKey();
            if (key.indexOf('\0') >= 0 || !wellFormed(key) || !encodableValue(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean encodableValue(Object value) {
        if (value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof ObjectId || value instanceof Decimal128
                || value instanceof BinData || value instanceof UUID || value instanceof LegacyUUID
                || value instanceof BsonTimestamp || value instanceof MaxKey || value instanceof MinKey) {
            return true;
        }
        if (value instanceof String string) {
            return wellFormed(string);
        }
        if (value instanceof Instant instant) { // BSON dates are milliseconds since the epoch
            return instant.getNano() % 1_000_000 == 0
                    && instant.getEpochSecond() > Long.MIN_VALUE / 1000 && instant.getEpochSecond() < Long.MAX_VALUE / 1000;
        }
        if (value.getClass() == Document.class) { // the decoder makes Documents, not subclasses or other maps
            return encodable((Document) value);
        }
        if (value instanceof List<?> list) { // read back as an ArrayList, equal by List.equals
            for (Object element : list) {
                if (!encodableValue(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** No unpaired surrogate: UTF-8, as BSON writes strings, would turn one into '?'. */
    private static boolean wellFormed(String string) {
        for (int i = 0, n = string.length(); i < n; i++) {
            char c = string.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(string.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
