package com.sharefab.app.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;

/**
 * mongo-java-server's H2 backend, made to keep what it acknowledged: H2's MVStore commits in the background
 * (about once a second), so a crash would lose writes the driver was already told succeeded. Here every write
 * command commits the store before its reply goes out, so after a {@code kill -9} every acknowledged write is
 * in the file (the operating system's page cache holds it even if it was not yet flushed to disk).
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "findAndModify", "create", "drop", "dropDatabase",
            "createIndexes", "dropIndexes", "renameCollection");

    DurableH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        var reply = super.handleCommand(channel, database, command, query);
        if (WRITE_COMMANDS.contains(command)) {
            commit();
        }
        return reply;
    }
}
