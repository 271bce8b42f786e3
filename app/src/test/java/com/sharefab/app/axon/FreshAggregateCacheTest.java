package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sharefab.app.mongo.EmbeddedMongo;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two Axon configurations, each with its own {@link FreshAggregateCache}) over one event store on
 * mongo-java-server: a node decides on the aggregate as the store holds it, even with an older version cached, and a
 * command that fails after applying events leaves nothing of them in the cache.
 */
class FreshAggregateCacheTest {

    private static EmbeddedMongo mongo;
    private static MongoClient client;

    private final List<Configuration> nodes = new ArrayList<>();
    private Node nodeA;
    private Node nodeB;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.inMemory();
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        mongo.close();
    }

    @BeforeEach
    void startTwoNodes() {
        var database = client.getDatabase("cache-" + UUID.randomUUID());
        nodeA = node(database);
        nodeB = node(database);
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Configuration::shutdown);
    }

    @Test
    void count_stockTakenOnTheOtherNode_answersTheStoredState() {
        nodeA.send(new CreateStock("s-1", 10));
        assertThat(nodeA.<Long>send(new CountStock("s-1"))).isEqualTo(10L);  // cached on A now

        nodeB.send(new TakeStock("s-1", 8));

        assertThat(nodeA.<Long>send(new CountStock("s-1"))).isEqualTo(2L);
    }

    @Test
    void take_moreThanIsLeftAfterATakeOnTheOtherNode_isRefusedWithoutAWriteConflict() {
        nodeA.send(new CreateStock("s-2", 10));
        nodeA.send(new TakeStock("s-2", 1));
        nodeB.send(new TakeStock("s-2", 8));

        assertThatThrownBy(() -> nodeA.send(new TakeStock("s-2", 5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only 1 left, 5 asked for");
        assertThat(nodeA.<Long>send(new CountStock("s-2"))).isEqualTo(1L);
    }

    @Test
    void count_nothingChangedElsewhere_usesTheCacheAfterOneProbe() {
        nodeA.send(new CreateStock("s-3", 10));
        int probesBefore = nodeA.probes.get();

        assertThat(nodeA.<Long>send(new CountStock("s-3"))).isEqualTo(10L);
        assertThat(nodeA.<Long>send(new CountStock("s-3"))).isEqualTo(10L);

        assertThat(nodeA.probes.get() - probesBefore).isEqualTo(2);
        assertThat(nodeA.cache.size()).isEqualTo(1);
        assertThat(Stock.loadedFromEvents.get("s-3")).as("full loads of s-3").isZero();
    }

    @Test
    void takeThenFail_commandThrowsAfterApplying_leavesTheCachedStockUntouched() {
        nodeA.send(new CreateStock("s-4", 10));
        nodeA.<Long>send(new CountStock("s-4"));

        assertThatThrownBy(() -> nodeA.send(new TakeThenFail("s-4", 3))).hasMessage("failed after applying");

        assertThat(nodeA.<Long>send(new CountStock("s-4"))).isEqualTo(10L);
        assertThat(nodeA.<Long>send(new CountStock("s-4"))).isEqualTo(10L);
        nodeA.send(new TakeStock("s-4", 10));   // the store agrees: all 10 are there
        assertThat(nodeB.<Long>send(new CountStock("s-4"))).isZero();
    }

    @Test
    void put_beyondCapacity_dropsTheLeastRecentlyUsed() {
        var cache = new FreshAggregateCache(2, (id, version) -> false);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.containsKey("a");
        cache.put("c", "3");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("c")).isTrue();
    }

    // --- a node ----------------------------------------------------------------------------------------------------

    private Node node(com.mongodb.client.MongoDatabase database) {
        var serializer = JacksonSerializer.builder()
                .objectMapper(AxonConfiguration.axonObjectMapper())
                .build();
        var engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        engine.ensureIndexes();
        var probes = new AtomicInteger();
        var cache = new FreshAggregateCache(10, (id, version) -> {
            probes.incrementAndGet();
            return engine.hasEventAfter(id, version);
        });
        var configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Stock.class).configureCache(c -> cache))
                .buildConfiguration();
        configuration.start();
        nodes.add(configuration);
        return new Node(configuration, cache, probes);
    }

    private record Node(Configuration configuration, FreshAggregateCache cache, AtomicInteger probes) {
        <R> R send(Object command) {
            return configuration.commandGateway().sendAndWait(command);
        }
    }

    // --- a small aggregate -----------------------------------------------------------------------------------------

    record CreateStock(String stockId, long units) {}

    record TakeStock(@TargetAggregateIdentifier String stockId, long units) {}

    record TakeThenFail(@TargetAggregateIdentifier String stockId, long units) {}

    record CountStock(@TargetAggregateIdentifier String stockId) {}

    record StockCreated(String stockId, long units) {}

    record StockTaken(String stockId, long units) {}

    static class Stock {

        /** Events applied while loading from the store (not while handling a command), per stock. */
        static final java.util.Map<String, Integer> loadedFromEvents = new java.util.concurrent.ConcurrentHashMap<>();

        @AggregateIdentifier
        private String stockId;

        private long units;

        Stock() {}

        @CommandHandler
        Stock(CreateStock command) {
            apply(new StockCreated(command.stockId(), command.units()));
        }

        @CommandHandler
        void handle(TakeStock command) {
            if (command.units() > units) {
                throw new IllegalStateException("only " + units + " left, " + command.units() + " asked for");
            }
            apply(new StockTaken(stockId, command.units()));
        }

        @CommandHandler
        void handle(TakeThenFail command) {
            apply(new StockTaken(stockId, command.units()));
            throw new IllegalStateException("failed after applying");
        }

        @CommandHandler
        long handle(CountStock command) {
            return units;
        }

        @EventSourcingHandler
        void on(StockCreated event) {
            stockId = event.stockId();
            units = event.units();
            countLoad(event.stockId());
        }

        @EventSourcingHandler
        void on(StockTaken event) {
            units -= event.units();
            countLoad(event.stockId());
        }

        private static void countLoad(String stockId) {
            loadedFromEvents.merge(stockId, org.axonframework.modelling.command.AggregateLifecycle.isLive() ? 0 : 1,
                                   Integer::sum);
        }
    }
}
