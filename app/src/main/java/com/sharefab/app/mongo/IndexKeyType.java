package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's unique indexes ({@code _id} and the unique ones): H2's own
 * {@link ObjectDataType}, in the same order and the same file format, but without serializing both keys at every
 * comparison.
 *
 * <p>mongo-java-server's index keys ({@link KeyValue}) are not {@link Comparable}, so H2 orders them by their Java
 * serialization: at every step of every binary search it serialized the key looked for and the key in the page, both
 * with a fresh {@code ObjectOutputStream}. In the load benchmark's lag phase that was a tenth of the whole process's
 * CPU time (docs/benchmarks.md, session 7). Here the serialized form of a key is kept once made, and two keys are
 * compared by the same bytes, with the same byte order as H2, so index maps written before (or by plain
 * mongo-java-server) stay in order and readable both ways. (The documents themselves are written as BSON: {@link
 * DocumentValueType}.)
 *
 * <p>The same kept bytes write a page's keys to the file, byte for byte as H2 writes them, and a page read back from
 * the file gets the kept key for bytes it has seen instead of deserializing it again (a fresh {@code
 * ObjectInputStream} per key): together about 5 % of the lag phase's CPU in session 9, with the documents already
 * written as BSON.
 *
 * <p>Only keys whose serialized form follows from their value alone are kept: strings, numbers (mongo-java-server
 * turns most into doubles), booleans and nulls, no two equal within one key. (Java serialization writes a repeated object as a back-reference only when it is the
 * same instance, so equal keys with a repeated value may serialize differently; those, and every other kind of
 * value, are serialized at each comparison as before.) At most {@link #MAX_CACHED} keys are kept (about 15 MB); when
 * full, the cache starts again empty. One instance serves every index ({@link DurableH2Backend}), so the bound is the
 * process's; the bytes depend on the key alone, not on the index.
 */
final class IndexKeyType extends ObjectDataType {

    static final int MAX_CACHED = 50_000;
    /** H2's tag for a Java-serialized value ({@code ObjectDataType.TYPE_SERIALIZED_OBJECT}, not public). */
    private static final byte SERIALIZED = 19;

    private final Map<KeyValue, byte[]> serialized = new ConcurrentHashMap<>();
    /** The same keys by their bytes, for reading pages back: the key kept, not deserialized again. */
    private final Map<Bytes, KeyValue> bySerialized = new ConcurrentHashMap<>();
    /**
     * The memory a key is counted for in the page cache and page splits, as H2 counts a serialized value: a running
     * average of twice the serialized length, from H2's starting value.
     */
    private volatile int averageSize = 10_000;

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return a == b ? 0 : compareNotNull(bytes(left), bytes(right));
        }
        return super.compare(a, b);
    }

    /**
     * H2's binary search, with the key looked for turned into bytes once per search instead of at every comparison:
     * only the keys in the page are looked up in the cache.
     */
    @Override
    public int binarySearch(Object key, Object storage, int size, int initialGuess) {
        if (!(key instanceof KeyValue searched)) {
            return super.binarySearch(key, storage, size, initialGuess);
        }
        byte[] searchedBytes = bytes(searched);
        Object[] keys = (Object[]) storage;
        int low = 0;
        int high = size - 1;
        int x = initialGuess - 1; // as H2: start at the guess, else in the middle
        if (x < 0 || x > high) {
            x = high >>> 1;
        }
        while (low <= high) {
            Object other = keys[x];
            int compare = other == key ? 0
                    : other instanceof KeyValue otherKey ? compareNotNull(searchedBytes, bytes(otherKey))
                    : compare(key, other);
            if (compare > 0) {
                low = x + 1;
            } else if (compare < 0) {
                high = x - 1;
            } else {
                return x;
            }
            x = (low + high) >>> 1;
        }
        return -(low + 1);
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof KeyValue ? averageSize : super.getMemory(value);
    }

    /**
     * Written byte for byte as H2 writes it (its tag, the length, the Java serialization), from the kept bytes: a page
     * write no longer serializes every key of the page again.
     */
    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (!(value instanceof KeyValue key)) {
            super.write(buffer, value);
            return;
        }
        byte[] bytes = bytes(key);
        counted(bytes.length);
        buffer.put(SERIALIZED).putVarInt(bytes.length).put(bytes);
    }

    /** Read as H2 reads it, but a key already kept is returned as kept instead of deserialized again. */
    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != SERIALIZED) {
            return super.read(buffer);
        }
        buffer.get();
        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bytes);
        counted(bytes.length);
        KeyValue kept = bySerialized.get(new Bytes(bytes));
        if (kept != null) {
            return kept;
        }
        Object value = deserialize(bytes);
        if (value instanceof KeyValue key && cacheable(key)) {
            keep(key, bytes);
        }
        return value;
    }

    private void counted(int serializedLength) {
        averageSize = (2 * serializedLength + 15 * averageSize) / 16; // as H2's own
    }

    private byte[] bytes(KeyValue key) {
        if (!cacheable(key)) {
            return serialize(key);
        }
        var bytes = serialized.get(key);
        if (bytes == null) {
            bytes = serialize(key);
            keep(key, bytes);
        }
        return bytes;
    }

    private void keep(KeyValue key, byte[] bytes) {
        if (serialized.size() >= MAX_CACHED) {
            serialized.clear();
            bySerialized.clear();
        }
        serialized.put(key, bytes);
        bySerialized.put(new Bytes(bytes), key);
    }

    /** A key's serialized form as a map key: equal by content. */
    private record Bytes(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** Whether equal keys always serialize to the same bytes: simple values, none repeated. */
    static boolean cacheable(KeyValue key) {
        int size = key.size();
        for (int i = 0; i < size; i++) {
            var value = key.get(i);
            if (value == null) {
                continue; // written as a null marker: no back-reference
            }
            if (!(value instanceof String || value instanceof Double || value instanceof Long
                    || value instanceof Integer || value instanceof Boolean)) {
                return false;
            }
            for (int j = 0; j < i; j++) {
                if (value.equals(key.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Keys held now (for tests). */
    int cached() {
        return serialized.size();
    }
}
