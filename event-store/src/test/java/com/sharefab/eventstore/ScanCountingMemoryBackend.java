package com.sharefab.eventstore;

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
 * mongo-java-server's memory backend, instrumented to count, per collection, the queries it answers by scanning every
 * document ({@code matchDocuments} without index positions) and the documents it reads by position (through an index
 * or a scan). Lets tests prove that a code path is served by indexes rather than assume it.
 */
class ScanCountingMemoryBackend extends MemoryBackend {

    private final Map<String, AtomicLong> scans = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> documentsRead = new ConcurrentHashMap<>();

    long scans(String collectionName) {
        return counter(scans, collectionName).get();
    }

    long documentsRead(String collectionName) {
        return counter(documentsRead, collectionName).get();
    }

    void resetCounters() {
        scans.values().forEach(counter -> counter.set(0));
        documentsRead.values().forEach(counter -> counter.set(0));
    }

    private static AtomicLong counter(Map<String, AtomicLong> counters, String collectionName) {
        return counters.computeIfAbsent(collectionName, name -> new AtomicLong());
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
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            counter(scans, name).incrementAndGet();
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected Document getDocument(Integer position) {
            counter(documentsRead, name).incrementAndGet();
            return super.getDocument(position);
        }
    }
}
