package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a MongoDB wire-protocol server in this process (mongo-java-server) on a free loopback
 * port, reached through the real driver like any MongoDB. With a data directory its H2 backend keeps the data
 * in a file there, so it survives a restart; without one (tests) it keeps everything in memory.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.connectionString = "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** H2's page cache for the file, in MB, when not given. */
    public static final int DEFAULT_CACHE_MB = 64;

    /** Starts a server keeping its data in {@code dataDirectory/sharefab.mv.db}, with the default page cache. */
    public static EmbeddedMongo onDisk(Path dataDirectory) {
        return onDisk(dataDirectory, DEFAULT_CACHE_MB);
    }

    /** Starts a server keeping its data in {@code dataDirectory/sharefab.mv.db}, with {@code cacheMb} of page cache. */
    public static EmbeddedMongo onDisk(Path dataDirectory, int cacheMb) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, e);
        }
        var file = dataDirectory.resolve("sharefab.mv.db").toAbsolutePath().toString();
        var embedded = start(new MongoServer(new DurableH2Backend(file, cacheMb)));
        log.info("Embedded MongoDB (mongo-java-server, H2 file {}, {} MB page cache) listening at {}", file, cacheMb,
                embedded.connectionString);
        return embedded;
    }

    /** Starts a server keeping its data in memory only. */
    public static EmbeddedMongo inMemory() {
        var embedded = start(new MongoServer(new MemoryBackend()));
        log.info("Embedded MongoDB (mongo-java-server, in memory) listening at {}", embedded.connectionString);
        return embedded;
    }

    private static EmbeddedMongo start(MongoServer server) {
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new EmbeddedMongo(server, server.getLocalAddress());
    }

    /** Where the driver reaches it. */
    public String connectionString() {
        return connectionString;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
