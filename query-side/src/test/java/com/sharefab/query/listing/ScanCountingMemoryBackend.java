package com.sharefab.query.listing;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mongo-java-server's memory backend, counting per collection the queries it answers by scanning every document, so
 * tests can prove a path is served by the {@code _id} index (as in event-store's tests).
 */
public class ScanCountingMemoryBackend extends MemoryBackend {

    private final Map<String, AtomicLong> scans = new ConcurrentHashMap<>();

    public long scans(String collectionName) {
        return scans.computeIfAbsent(collectionName, name -> new AtomicLong()).get();
    }

    public void resetCounters() {
        scans.values().forEach(counter -> counter.set(0));
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new CountingCollection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    private class CountingCollection extends MemoryCollection {

        private final String name;

        CountingCollection(MemoryDatabase database, String name, CollectionOptions options, CursorRegistry registry) {
            super(database, name, options, registry);
            this.name = name;
        }

        @Override
        protected QueryResult matchDocuments(
                Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            scans.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
    }
}
