package com.sharefab.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonDocument;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process mongo-java-server reached by the real driver over TCP, with every command the driver sends recorded.
 * One per test class; each test takes a fresh database.
 */
final class InProcessMongo implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MongoBackend backend;
    private final MongoServer server;
    private final MongoClient client;
    private final List<RecordedCommand> commands = new CopyOnWriteArrayList<>();

    private InProcessMongo(MongoBackend backend) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        String connectionString = server.bindAndGetConnectionString();
        this.client = MongoClients.create(
                MongoClientSettings.builder()
                                   .applyConnectionString(new ConnectionString(connectionString))
                                   .addCommandListener(new CommandListener() {
                                       @Override
                                       public void commandStarted(CommandStartedEvent event) {
                                           // the command is only readable during the callback: copy it
                                           commands.add(new RecordedCommand(event.getCommandName(),
                                                                            event.getCommand().clone()));
                                       }
                                   })
                                   .build());
    }

    static InProcessMongo memory() {
        return new InProcessMongo(new ScanCountingMemoryBackend());
    }

    static InProcessMongo h2() {
        return new InProcessMongo(H2Backend.inMemory());
    }

    MongoDatabase freshDatabase() {
        return client.getDatabase("test" + DATABASES.incrementAndGet());
    }

    MongoClient client() {
        return client;
    }

    ScanCountingMemoryBackend scanCounter() {
        return (ScanCountingMemoryBackend) backend;
    }

    /** The commands sent since the last {@link #clearCommands()}, as the driver sent them. */
    List<BsonDocument> commands(String commandName, String collectionName) {
        return commands.stream()
                       .filter(recorded -> recorded.name().equals(commandName))
                       .map(RecordedCommand::command)
                       .filter(command -> collectionName.equals(command.getString(commandName).getValue()))
                       .toList();
    }

    private record RecordedCommand(String name, BsonDocument command) {
    }

    void clearCommands() {
        commands.clear();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
