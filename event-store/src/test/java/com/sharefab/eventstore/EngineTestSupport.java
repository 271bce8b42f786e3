package com.sharefab.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** One in-process mongo-java-server (memory backend) per test class, a fresh database per test, and event helpers. */
abstract class EngineTestSupport {

    static final String AGGREGATE_TYPE = "Order";

    static InProcessMongo mongo;
    MongoDatabase database;

    @BeforeAll
    static void startMongo() {
        mongo = InProcessMongo.memory();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = mongo.freshDatabase();
    }

    MongoCommitEventStorageEngine engine() {
        return engine(builder -> builder);
    }

    MongoCommitEventStorageEngine engine(UnaryOperator<MongoCommitEventStorageEngine.Builder> customization) {
        MongoCommitEventStorageEngine engine =
                customization.apply(MongoCommitEventStorageEngine.builder().database(database)).build();
        engine.ensureIndexes();
        return engine;
    }

    MongoCollection<BsonDocument> eventsCollection() {
        return database.getCollection("events", BsonDocument.class);
    }

    static DomainEventMessage<?> event(String aggregateIdentifier, long sequenceNumber) {
        return event(aggregateIdentifier, sequenceNumber, "payload-" + aggregateIdentifier + "-" + sequenceNumber);
    }

    static DomainEventMessage<?> event(String aggregateIdentifier, long sequenceNumber, Object payload) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateIdentifier, sequenceNumber, payload,
                                               MetaData.with("traceId", "trace-" + sequenceNumber));
    }

    /** Events {@code from .. to-1} of one aggregate, for a single commit. */
    static List<DomainEventMessage<?>> events(String aggregateIdentifier, long from, long to) {
        return LongStream.range(from, to).mapToObj(sequenceNumber -> event(aggregateIdentifier, sequenceNumber))
                         .collect(Collectors.toList());
    }

    /** Reads the global stream after {@code token} to its current end. */
    static List<TrackedEventMessage<?>> readAll(MongoCommitEventStorageEngine engine, TrackingToken token) {
        return engine.readEvents(token, false).collect(Collectors.toCollection(ArrayList::new));
    }

    static List<String> identifiers(List<? extends EventMessage<?>> events) {
        return events.stream().map(EventMessage::getIdentifier).toList();
    }

    static List<Object> payloads(List<? extends EventMessage<?>> events) {
        return events.stream().map(event -> (Object) event.getPayload()).toList();
    }

    static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }
}
