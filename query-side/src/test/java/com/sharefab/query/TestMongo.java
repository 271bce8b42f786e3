package com.sharefab.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.sharefab.query.listing.ScanCountingMemoryBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-process MongoDB wire server per test class (mongo-java-server's memory backend, counting the queries it
 * answers by scanning), reached through the real driver; each test takes a fresh database. Hold it in a static field
 * with {@code @AutoClose}.
 */
public final class TestMongo implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    public final ScanCountingMemoryBackend backend = new ScanCountingMemoryBackend();
    private final MongoServer server = new MongoServer(backend);
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());

    /** A database no other test has used. */
    public MongoDatabase freshDatabase() {
        return client.getDatabase("test-" + DATABASES.incrementAndGet());
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
