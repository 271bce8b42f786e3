package com.sharefab.eventstore;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.function.UnaryOperator;

/**
 * Runs Axon's own storage-engine contract ({@code EventStorageEngineTest}, {@code AbstractEventStorageEngineTest},
 * {@code BatchingEventStorageEngineTest}, all inherited tests, none skipped) against an in-process mongo-java-server,
 * one server per test class and a fresh database per test. Subclasses choose the server backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AxonStorageEngineContract
        extends BatchingEventStorageEngineTest<MongoCommitEventStorageEngine, MongoCommitEventStorageEngine.Builder> {

    private InProcessMongo mongo;
    private MongoDatabase database;

    abstract InProcessMongo startServer();

    @BeforeAll
    void startMongo() {
        mongo = startServer();
    }

    @AfterAll
    void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        setTestSubject(createEngine());
    }

    @Override
    protected MongoCommitEventStorageEngine createEngine(
            UnaryOperator<MongoCommitEventStorageEngine.Builder> customization) {
        MongoCommitEventStorageEngine engine =
                customization.apply(MongoCommitEventStorageEngine.builder().database(database)).build();
        engine.ensureIndexes();
        return engine;
    }
}
