package com.sharefab.app.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import java.nio.file.Path;
import org.bson.UuidRepresentation;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MongoDB holds everything. With {@code MONGODB_URI} set (property {@code sharefab.mongodb.uri}) the app uses
 * that server and starts nothing; without it, it starts the embedded server ({@link EmbeddedMongo}) with its
 * data under {@code sharefab.data-dir} ({@code ./data}), or in memory when {@code sharefab.mongodb.embedded}
 * is {@code memory} (tests).
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    /** Holds the embedded server, if any, so it is stopped after the client that uses it. */
    record MongoEndpoint(String connectionString, EmbeddedMongo embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    MongoEndpoint mongoEndpoint(
            @Value("${sharefab.mongodb.uri:}") String uri,
            @Value("${sharefab.mongodb.embedded:disk}") String embeddedMode,
            @Value("${sharefab.data-dir:./data}") Path dataDirectory,
            @Value("${sharefab.mongodb.embedded-cache-mb:" + EmbeddedMongo.DEFAULT_CACHE_MB + "}") int cacheMb) {
        if (!uri.isBlank()) {
            return new MongoEndpoint(uri, null);
        }
        var embedded = "memory".equals(embeddedMode)
                ? EmbeddedMongo.inMemory()
                : EmbeddedMongo.onDisk(dataDirectory, cacheMb);
        return new MongoEndpoint(embedded.connectionString(), embedded);
    }

    /**
     * The client, with Micrometer's listeners when there is a registry: {@code mongodb.driver.commands} (a timer per
     * command and collection: what the platform asks of its store, e.g. the store commands one order costs) and
     * {@code mongodb.driver.pool.*} (connections in use, waiting for one).
     */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoEndpoint endpoint, ObjectProvider<MeterRegistry> registries) {
        var builder = MongoClientSettings.builder();
        registries.ifAvailable(registry -> builder
                .addCommandListener(new MongoMetricsCommandListener(registry))
                .applyToConnectionPoolSettings(pool ->
                        pool.addConnectionPoolListener(new MongoMetricsConnectionPoolListener(registry))));
        var settings = builder
                .applyConnectionString(new ConnectionString(endpoint.connectionString()))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applicationName("sharefab")
                // JobRunr refuses a client whose UUID representation is left unspecified.
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, @Value("${sharefab.mongodb.database:sharefab}") String name) {
        // Events and claims must survive a primary's failover: on a replica set, wait for a majority.
        return client.getDatabase(name).withWriteConcern(WriteConcern.MAJORITY);
    }
}
