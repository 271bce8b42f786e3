package com.sharefab.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.sharefab.app.mongo.EmbeddedMongo;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while appending: after a restart on the same data, every commit the store acknowledged is
 * there, and no commit is there in part.
 */
class CrashRecoveryIT {

    @TempDir
    Path dataDir;

    @Test
    void killDashNine_whileAppending_losesNoAcknowledgedEventAndLeavesNoPartialCommit() throws Exception {
        Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < 3; round++) { // kill it three times over the same data
            acknowledged.putAll(runAndKill(round));
        }

        try (var embedded = EmbeddedMongo.onDisk(dataDir);
                var client = MongoClients.create(embedded.connectionString())) {
            var database = client.getDatabase("crash");
            var engine = MongoCommitEventStorageEngine.builder().database(database).build();

            for (var entry : acknowledged.entrySet()) {
                List<Long> sequences = engine.readEvents(entry.getKey()).asStream()
                        .map(DomainEventMessage::getSequenceNumber)
                        .toList();
                assertThat(sequences).as("events of %s", entry.getKey())
                        .hasSizeGreaterThan(entry.getValue().intValue())
                        .isSorted();
                assertThat(sequences.get(sequences.size() - 1)).isGreaterThanOrEqualTo(entry.getValue());
            }

            // Every stored commit is whole: its events are consecutive from a multiple of the commit size.
            for (Document commit : database.getCollection("events").find()) {
                var events = commit.getList("events", Document.class);
                assertThat(events).hasSize(AppendingMain.EVENTS_PER_COMMIT);
            }

            // The global order has no holes: a tracking reader sees every stored event once, in order.
            List<Long> indexes = new ArrayList<>();
            try (var stream = engine.readEvents(null, false)) {
                stream.map(TrackedEventMessage::trackingToken)
                        .map(token -> ((GapAwareTrackingToken) token).getIndex())
                        .forEach(indexes::add);
            }
            long storedEvents = database.getCollection("events").countDocuments() * AppendingMain.EVENTS_PER_COMMIT;
            assertThat(indexes).hasSize((int) storedEvents).isSorted().doesNotHaveDuplicates();
        }
    }

    /** Runs the appender until it acknowledged some commits, kills it with SIGKILL, returns what it acknowledged. */
    private Map<String, Long> runAndKill(int round) throws Exception {
        var process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        AppendingMain.class.getName(),
                        dataDir.toString(),
                        "round" + round)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, Long> acknowledged = new HashMap<>();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int acks = 0;
            int killAfter = 200 + round * 150;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    var parts = line.split(" ");
                    acknowledged.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                    if (++acks == killAfter) {
                        // SIGKILL (the handle does not close our end of the pipe): no shutdown hook, no MVStore
                        // close. Acks already in the pipe are read on: they were printed after their append returned.
                        process.toHandle().destroyForcibly();
                    }
                }
            }
            assertThat(acks).as("acknowledged commits before the kill").isGreaterThanOrEqualTo(killAfter);
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return acknowledged;
    }
}
