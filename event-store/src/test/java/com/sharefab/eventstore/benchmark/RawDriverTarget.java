package com.sharefab.eventstore.benchmark;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: the plain driver doing the same inserts and reads.
 * <p>
 * Reads go to <em>the very documents the Sharefab engine stores</em> (its {@code events} and {@code snapshots}
 * collections, in the same database, while that store is alive), by exact {@code _id} / {@code $in} on {@code _id} —
 * the cheapest form the embedded server can serve — and by one unfiltered cursor for the sequential read. So engine and
 * baseline read identical bytes from the identical server state, and their measurements can be interleaved.
 * <p>
 * Appends are {@code insertOne} of a document of exactly the engine's commit shape and size into a separate collection
 * that already holds {@code n} documents and has nothing but the {@code _id} index. Those {@code n} documents are just
 * {@code {_id}}: the memory backend's insert cost (append to a list, put into the hash index) does not depend on the
 * size of the other documents, and full copies would double the heap at 1M events.
 */
final class RawDriverTarget implements Target {

    private static final int SEED_BATCH = 10_000;
    /**
     * Cursor batch size of the sequential read. mongo-java-server would otherwise answer an unbounded {@code find()}
     * in one reply, which the driver refuses beyond 48 MB; 1000 documents (~1 MB) per batch is what a real server's
     * default 16 MB batches amount to for documents of this size, give or take.
     */
    static final int SCAN_BATCH = 1_000;

    private final MongoCollection<BsonDocument> events;
    private final MongoCollection<BsonDocument> snapshots;
    private final MongoCollection<BsonDocument> appends;
    private final Serializer serializer;
    private List<BsonDocument> prepared = List.of();

    /** @param database the Sharefab engine's database (its collections {@code events} and {@code snapshots}) */
    RawDriverTarget(MongoDatabase database, Serializer serializer) {
        this.events = database.getCollection("events", BsonDocument.class);
        this.snapshots = database.getCollection("snapshots", BsonDocument.class);
        this.appends = database.getCollection("raw_appends", BsonDocument.class);
        this.serializer = serializer;
    }

    @Override
    public String name() {
        return "raw driver";
    }

    /** Only the append collection: the documents read are the engine's own. */
    @Override
    public String seed(BenchmarkData data) {
        List<BsonDocument> batch = new ArrayList<>(SEED_BATCH);
        for (long i = 1; i <= data.n; i++) {
            batch.add(new BsonDocument("_id", new BsonInt64(i)));
            if (batch.size() == SEED_BATCH) {
                appends.insertMany(batch);
                batch = new ArrayList<>(SEED_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            appends.insertMany(batch);
        }
        return "reads the Sharefab store's own documents by _id; appends go to a collection of n {_id} documents "
                + "with only the _id index";
    }

    @Override
    public void seedSnapshots(BenchmarkData data, int[] aggregates) {
        // reads the snapshots the engine stored
    }

    @Override
    public int load(BenchmarkData data, int aggregate) {
        return findByIds(data, aggregate, 0, BenchmarkData.EVENTS_PER_AGGREGATE);
    }

    @Override
    public int loadFromSnapshot(BenchmarkData data, int aggregate) {
        BsonDocument snapshot = snapshots.find(new BsonDocument("_id", new BsonString(data.aggregateId(aggregate))))
                                         .first();
        if (snapshot == null) {
            throw new IllegalStateException("no snapshot for aggregate " + aggregate);
        }
        long from = snapshot.getInt64("sequenceNumber").getValue() + 1;
        return 1 + findByIds(data, aggregate, from, BenchmarkData.EVENTS_PER_AGGREGATE);
    }

    /** The commits holding the aggregate's events in [from, to): single-event commits, so one _id per event. */
    private int findByIds(BenchmarkData data, int aggregate, long fromSequence, long toSequence) {
        if (data.commitSize != 1) {
            throw new IllegalStateException("the raw baseline assumes single-event commits");
        }
        BsonArray ids = new BsonArray();
        for (long sequence = fromSequence; sequence < toSequence; sequence++) {
            ids.add(new BsonInt64(data.indexOf(aggregate, sequence) + 1));
        }
        return count(events.find(new BsonDocument("_id", new BsonDocument("$in", ids))).iterator());
    }

    @Override
    public int fetchAfter(BenchmarkData data, long afterGlobalIndex, int batchSize) {
        BsonArray ids = new BsonArray();
        for (long index = afterGlobalIndex + 1; index <= afterGlobalIndex + batchSize; index++) {
            ids.add(new BsonInt64(index));
        }
        return count(events.find(new BsonDocument("_id", new BsonDocument("$in", ids))).iterator());
    }

    private static int count(MongoCursor<BsonDocument> cursor) {
        int count = 0;
        try (cursor) {
            while (cursor.hasNext()) {
                cursor.next();
                count++;
            }
        }
        return count;
    }

    @Override
    public Measurement.Stats replay(BenchmarkData data, Duration box, boolean deserializePayloads) {
        long start = System.nanoTime();
        long deadline = start + box.toNanos();
        long count = 0;
        boolean timeBoxed = false;
        try (MongoCursor<BsonDocument> cursor = events.find().batchSize(SCAN_BATCH).iterator()) {
            while (cursor.hasNext()) {
                BsonDocument document = cursor.next();
                count += document.getInt32("count").getValue();
                if ((count & 1023) == 0 && System.nanoTime() > deadline) {
                    timeBoxed = true;
                    break;
                }
            }
        }
        return Measurement.Stats.throughput(count, (System.nanoTime() - start) / 1e9, timeBoxed);
    }

    @Override
    public void prepareAppends(List<DomainEventMessage<?>> toAppend, long firstGlobalIndex) {
        prepared = new ArrayList<>(toAppend.size());
        for (int i = 0; i < toAppend.size(); i++) {
            prepared.add(BenchmarkData.commitDocument(toAppend.get(i), firstGlobalIndex + i, serializer));
        }
    }

    @Override
    public void append(int i) {
        appends.insertOne(prepared.get(i));
    }

    @Override
    public int sampleDocumentBytes(BenchmarkData data) {
        BsonDocument sample = BenchmarkData.commitDocument(data.event(data.n / 2), data.n / 2 + 1, serializer);
        return new RawBsonDocument(sample, new BsonDocumentCodec()).getByteBuffer().remaining();
    }

    @Override
    public void drop() {
        prepared = List.of();
        appends.drop();
    }
}
