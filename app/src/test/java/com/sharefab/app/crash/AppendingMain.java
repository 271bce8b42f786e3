package com.sharefab.app.crash;

import com.sharefab.app.mongo.EmbeddedMongo;
import com.mongodb.client.MongoClients;
import com.mongodb.WriteConcern;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * The process {@link CrashRecoveryIT} kills: the embedded default (durable H2 backend) with our event store,
 * appending three-event commits from several threads as fast as it can and printing {@code ACK aggregate seq}
 * for each commit the store acknowledged, until it is killed. Arguments: the data directory and a prefix that
 * makes this run's aggregate ids new.
 */
public final class AppendingMain {

    static final int EVENTS_PER_COMMIT = 3;
    static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        var embedded = EmbeddedMongo.onDisk(Path.of(args[0]));
        var client = MongoClients.create(embedded.connectionString());
        var database = client.getDatabase("crash").withWriteConcern(WriteConcern.ACKNOWLEDGED);
        var engine = MongoCommitEventStorageEngine.builder().database(database).build();
        engine.ensureIndexes();
        var counter = new AtomicLong();
        System.out.println("READY");
        System.out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            var worker = new Thread(() -> {
                for (long n = 0; ; n++) {
                    String aggregate = args[1] + "-" + thread + "-" + (n / 5); // five commits per aggregate
                    long first = (n % 5) * EVENTS_PER_COMMIT;
                    List<DomainEventMessage<?>> commit = new ArrayList<>();
                    for (int i = 0; i < EVENTS_PER_COMMIT; i++) {
                        commit.add(new GenericDomainEventMessage<>(
                                "Crash", aggregate, first + i, "payload-" + counter.incrementAndGet()));
                    }
                    engine.appendEvents(commit);
                    synchronized (System.out) {
                        System.out.println("ACK " + aggregate + " " + (first + EVENTS_PER_COMMIT - 1));
                        System.out.flush();
                    }
                }
            });
            // A failed append ends the process, so the test sees it end instead of waiting for acks forever.
            worker.setUncaughtExceptionHandler((failed, e) -> {
                e.printStackTrace();
                Runtime.getRuntime().halt(2);
            });
            worker.start();
            threads.add(worker);
        }
        for (var thread : threads) {
            thread.join();
        }
    }
}
