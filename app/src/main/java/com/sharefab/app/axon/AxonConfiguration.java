package com.sharefab.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import com.sharefab.events.EventMetadata;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import java.util.concurrent.Executors;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
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
 * every event, Bean Validation on every command, and pooled streaming processors that share their segments
 * between nodes through token claims.
 */
@Configuration(proxyBeanMethods = false)
@Import(AxonMongoStoresConfiguration.class)
class AxonConfiguration {

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
    EventStorageEngine eventStorageEngine(
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
     * {@code ConcurrencyException} (transient), and is retried here on fresh state, a few times with growing pauses.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        var scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(scheduler)
                        .backoffFactor(5)
                        .maxRetryCount(12)
                        .build())
                .build();
    }

    @Bean
    ConfigurerModule processingDefaults() {
        return configurer -> configurer.eventProcessing(processing -> processing.usingPooledStreamingEventProcessors());
    }

    @Bean
    ConfigurerModule commandValidation() {
        return configurer -> configurer.onInitialize(config -> config.onStart(() -> {
            CommandBus bus = config.commandBus();
            bus.registerDispatchInterceptor(new BeanValidationInterceptor<>());
        }));
    }
}
