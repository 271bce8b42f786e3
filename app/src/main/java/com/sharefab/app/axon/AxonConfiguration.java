package com.sharefab.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import com.sharefab.command.axon.AggregateCaches;
import com.sharefab.command.booking.BookingSaga;
import com.sharefab.events.EventMetadata;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import com.sharefab.axon.AxonMongoStoresConfiguration;
import org.springframework.context.annotation.Primary;

/**
 * Axon on MongoDB: our own event storage engine ({@link MongoCommitEventStorageEngine}), readable JSON
 * serialization everywhere (Jackson 2, which Axon 4 needs, beside Boot's Jackson 3), who-did-it metadata on
 * every event, Bean Validation on every command, and tracking processors that share their segments between
 * nodes through token claims.
 */
@Configuration(proxyBeanMethods = false)
@Import(AxonMongoStoresConfiguration.class)
public class AxonConfiguration {

    /** The Jackson 2 mapper behind every Axon serializer: ISO dates, unknown fields ignored (events evolve). */
    static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).lenientDeserialization().build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    MongoCommitEventStorageEngine eventStorageEngine(
            MongoDatabase database, Serializer serializer, List<EventUpcaster> upcasters) {
        var engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(upcasters))
                .build();
        engine.ensureIndexes();
        return engine;
    }

    /**
     * The aggregate caches named in {@code @Aggregate(cache = ...)}: command handling on a hot listing no longer reads
     * all of its events, only probes the store once for a newer one (see {@link FreshAggregateCache}). Bounded, so
     * memory stays small: a listing with hundreds of reservations is some tens of kilobytes, an order a few.
     */
    @Bean(AggregateCaches.LISTINGS)
    Cache listingCache(MongoCommitEventStorageEngine engine) {
        return new FreshAggregateCache(LISTING_CACHE_SIZE, engine::hasEventAfter);
    }

    @Bean(AggregateCaches.ORDERS)
    Cache orderCache(MongoCommitEventStorageEngine engine) {
        return new FreshAggregateCache(ORDER_CACHE_SIZE, engine::hasEventAfter);
    }

    @Bean(AggregateCaches.SETTLEMENTS)
    Cache settlementCache(MongoCommitEventStorageEngine engine) {
        return new FreshAggregateCache(ORDER_CACHE_SIZE, engine::hasEventAfter);
    }

    /** Listings kept in memory at most. */
    static final int LISTING_CACHE_SIZE = 1_000;
    /** Orders (and settlements, one per order) kept in memory at most. */
    static final int ORDER_CACHE_SIZE = 4_000;

    /**
     * Axon's simple command bus, built as Axon's Spring Boot auto-configuration builds it (transactions, duplicate
     * handler resolution, spans, the {@code commandBus} metrics, correlation data), inside a {@link DetachedCommandBus}
     * so that a command sent from an event or deadline handler commits on its own instead of when the handler's batch
     * does.
     */
    @Bean(destroyMethod = "close")
    DetachedCommandBus commandBus(TransactionManager transactions, org.axonframework.config.Configuration axon,
            DuplicateCommandHandlerResolver duplicates) {
        var bus = SimpleCommandBus.builder()
                .transactionManager(transactions)
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return new DetachedCommandBus(bus);
    }

    /** Copies the command's origin and actor onto every event it causes. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(EventMetadata.CORRELATION_ID, EventMetadata.CAUSATION_ID);
    }

    @Bean
    CorrelationDataProvider actorCorrelationProvider() {
        return new SimpleCorrelationDataProvider(
                EventMetadata.ACTOR_ID, EventMetadata.ACTOR_FIRM_ID, EventMetadata.ACTOR_ROLE, EventMetadata.REQUEST_ID);
    }

    /**
     * Commands on one aggregate from two nodes meet in the event store: the loser gets a
     * {@code ConcurrencyException} (or, creating the aggregate, an {@code AggregateStreamCreationException}), and is
     * retried here on fresh state, a few times with growing pauses (5 ms doubling, 12 times: about 20 s at most).
     *
     * <p>Only those conflicts are retried. Axon's default retries every exception that is not an
     * {@code AxonNonTransientException}, so a domain "no" ({@code DomainException}: BAD_USER_INPUT, FORBIDDEN, ...)
     * was handled 13 times over those 20 s before the client heard it.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, CommandRetryThread commandRetryThread) {
        var retries = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryThread.executor())
                .backoffFactor(5)
                .maxRetryCount(12);
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ExponentialBackOffIntervalRetryScheduler(retries) {
                    @Override
                    protected boolean isExplicitlyNonTransient(Throwable failure) {
                        return !isWriteConflict(failure);
                    }
                })
                .build();
    }

    /**
     * The thread retries wait on, in a bean of its own so that it stops with the context. Not exposed as a
     * {@code ScheduledExecutorService} bean: Boot's task scheduling would take that for the application's scheduler.
     */
    @Bean(destroyMethod = "close")
    CommandRetryThread commandRetryThread() {
        return new CommandRetryThread(Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Holds the retry thread's executor and shuts it down with the context. */
    record CommandRetryThread(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /** Whether a command failed because another node appended to its aggregate first (also as a cause). */
    static boolean isWriteConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Tracking processors: they wait on the event store's own signal for new events, so a projection runs within
     * milliseconds of a commit on this node (and a mutation's read-your-writes wait is short). Pooled streaming
     * processors poll our store every 500 ms instead, which made every mutation take about half a second.
     */
    @Bean
    ConfigurerModule processingDefaults(
            @Value("${" + TOKEN_CLAIM_INTERVAL_PROPERTY + ":1s}") Duration claimInterval,
            @Value("${" + BOOKING_SAGA_SEGMENTS_PROPERTY + ":4}") int bookingSagaSegments) {
        return configurer -> configurer.eventProcessing(processing -> processing.usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(config -> trackingDefaults(claimInterval))
                .registerTrackingEventProcessorConfiguration(BookingSaga.PROCESSING_GROUP,
                        config -> parallel(claimInterval, bookingSagaSegments)));
    }

    /**
     * Segments of the booking saga's processor, and threads for them on each node. The saga waits on the store for
     * most of its time (it sends a command, the command loads and appends, the saga's state is written), one event
     * after the other, so one thread caps the rate at which orders learn their reservation outcome (about 14 orders/s
     * on the embedded default, docs/benchmarks.md). Axon gives each saga instance to one segment by its id, so the
     * events of one order are still handled in order, by one thread, and threads never share a saga.
     *
     * <p>The count applies when the processor's tokens are first created; a store that already has them keeps its
     * segments (Axon's split and merge change them at run time). Two nodes share the segments by their claims; a
     * node's spare threads stay idle until a segment is free.
     */
    public static final String BOOKING_SAGA_SEGMENTS_PROPERTY = "sharefab.axon.booking-saga-segments";

    static TrackingEventProcessorConfiguration parallel(Duration claimInterval, int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException(BOOKING_SAGA_SEGMENTS_PROPERTY + " must be at least 1, was " + segments);
        }
        return TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                .andInitialSegmentsCount(segments)
                .andBatchSize(BATCH_SIZE)
                .andTokenClaimInterval(claimInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How often a tracking processor that holds no segment tries to claim one (Axon's default is 5 s). With the
     * token store's claim timeout ({@code sharefab.axon.token-store.claim-timeout}, 10 s) it bounds the hand-over:
     * a node that dies unannounced (kill -9, power) stops extending its claims; at most claim timeout + this
     * interval later the other node owns its segments and carries on from the dead node's last stored token
     * (docs/scaling.md). A node that shuts down cleanly releases its claims at once.
     */
    public static final String TOKEN_CLAIM_INTERVAL_PROPERTY = "sharefab.axon.token-claim-interval";

    /**
     * The tracking processors' settings: one thread, one segment, the claim interval above, and batches of up to
     * {@value #BATCH_SIZE} events.
     *
     * <p>Why batches: every processing group reads every event of the store and stores its token after each batch.
     * With Axon's default of one event per batch, one event cost each of the dozen groups a token write (and, on the
     * embedded store, a commit of the H2 file), so the store spent most of its writes on tokens as soon as events
     * came faster than a few dozen a second. A batch takes only what is already there, so an event that arrives alone
     * is still handled at once. Delivery stays at-least-once, as before: every handler must take an event twice, and
     * a failed batch is handled again from its first event.
     */
    public static TrackingEventProcessorConfiguration trackingDefaults(Duration claimInterval) {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(BATCH_SIZE)
                .andTokenClaimInterval(claimInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events per tracking batch at most. */
    static final int BATCH_SIZE = 50;

    @Bean
    ConfigurerModule commandValidation() {
        return configurer -> configurer.onInitialize(config -> config.onStart(() -> {
            CommandBus bus = config.commandBus();
            bus.registerDispatchInterceptor(new BeanValidationInterceptor<>());
        }));
    }
}
