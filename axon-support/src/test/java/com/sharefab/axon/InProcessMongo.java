package com.sharefab.axon;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.UuidRepresentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A mongo-java-server (memory backend) on a loopback port, reached through the real driver, and the clients opened
 * on it. Closing closes the clients, then the server.
 */
final class InProcessMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String connectionString = server.bindAndGetConnectionString();
    private final List<MongoClient> clients = new ArrayList<>();

    /** {@code mongodb://host:port}, e.g. for Spring Boot's {@code spring.mongodb.uri}. */
    String connectionString() {
        return connectionString;
    }

    /** A new client; JobRunr insists on an explicit UUID representation (as Spring Boot's client has). */
    MongoClient newClient() {
        MongoClient client = MongoClients.create(
                MongoClientSettings.builder()
                                   .applyConnectionString(new ConnectionString(connectionString))
                                   .uuidRepresentation(UuidRepresentation.STANDARD)
                                   .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                                   .build());
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(MongoClient::close);
        server.shutdownNow();
    }

    /** Polls {@code condition} every 100 ms; fails when it is still false after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
