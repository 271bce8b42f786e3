package com.sharefab.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.jobrunr.JobRunrDeadlineManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.JobActivator;
import org.jobrunr.spring.autoconfigure.JobRunrAutoConfiguration;
import org.jobrunr.spring.autoconfigure.storage.JobRunrMongoDBStorageAutoConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The configuration as the app imports it: next to Spring Boot's MongoDB auto-configuration (the {@link MongoClient})
 * and JobRunr's, whose own MongoDB storage would otherwise claim the {@link StorageProvider} role.
 */
class AxonMongoStoresConfigurationTest {

    private static final Serializer SERIALIZER = JacksonSerializer.defaultSerializer();

    private InProcessMongo mongo;
    /** Boot's defaults, plus where the database is. */
    private ApplicationContextRunner bootDefaults;
    /** As the app must configure it. */
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        bootDefaults = new ApplicationContextRunner()
                // As SpringApplication does: Boot's conversions, e.g. "10s" to Duration.
                .withInitializer(context -> context.getBeanFactory()
                                                   .setConversionService(ApplicationConversionService.getSharedInstance()))
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
                                                         JobRunrAutoConfiguration.class,
                                                         JobRunrMongoDBStorageAutoConfiguration.class))
                .withUserConfiguration(AppBeans.class, AxonMongoStoresConfiguration.class)
                .withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "/sharefab");
        runner = bootDefaults.withPropertyValues("spring.mongodb.representation.uuid=standard");
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void context_withJobRunrStarter_usesOurStorageProviderForTheSchedulerAndDeadlines() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBeans(StorageProvider.class).containsOnlyKeys("storageProvider");
            assertThat(context.getBean(StorageProvider.class)).isInstanceOf(MongoJobRunrStorageProvider.class);
            assertThat(context).hasSingleBean(JobScheduler.class).hasSingleBean(DeadlineManager.class);

            DeadlineManager deadlineManager = context.getBean(DeadlineManager.class);
            assertThat(deadlineManager).isInstanceOf(MongoJobRunrDeadlineManager.class);
            // How JobRunr's Spring activator finds the instance that runs a deadline job.
            assertThat(context.getBean(JobActivator.class).activateJob(JobRunrDeadlineManager.class))
                    .isSameAs(deadlineManager);

            deadlineManager.schedule(Instant.now().plusSeconds(3600), "payment-due", null,
                                     new AggregateScopeDescriptor("Order", "order-1"));
            deadlineManager.cancelAll("payment-due");
            MongoDatabase database = context.getBean(MongoDatabase.class);
            assertThat(database.getCollection("jobrunr_jobs").find().map(job -> job.getString("state")))
                    .containsExactly("DELETED");
        });
    }

    @Test
    void context_claimTimeoutProperty_configuresTheTokenStoreOnTheNamedSerializer() {
        runner.withPropertyValues(AxonMongoStoresConfiguration.CLAIM_TIMEOUT_PROPERTY + "=3s").run(context -> {
            TokenStore tokenStore = context.getBean(TokenStore.class);
            assertThat(tokenStore).isInstanceOf(MongoTokenStore.class)
                                  .hasFieldOrPropertyWithValue("claimTimeout", Duration.ofSeconds(3))
                                  .extracting("serializer").isSameAs(SERIALIZER);

            tokenStore.initializeTokenSegments("projections", 1, new GlobalSequenceTrackingToken(1));
            assertThat(context.getBean(MongoDatabase.class).getCollection("tokens").countDocuments()).isEqualTo(1);
        });
    }

    @Test
    void context_withoutClaimTimeoutProperty_defaultsToTenSeconds() {
        runner.run(context -> assertThat(context.getBean(TokenStore.class))
                .hasFieldOrPropertyWithValue("claimTimeout", Duration.ofSeconds(10)));
    }

    @Test
    void context_sagaStore_isMongoSagaStoreOnTheNamedSerializer_foundByAssociationIndex() {
        runner.run(context -> {
            var store = context.getBean(SagaStore.class);
            assertThat(store).isInstanceOf(AssociationIndexedSagaStore.class)
                    .extracting("serializer").isSameAs(SERIALIZER);
            assertThat(store).extracting("sagas").isInstanceOf(MongoSagaStore.class)
                    .extracting("serializer").isSameAs(SERIALIZER);
        });
    }

    /** Boot 4 leaves the driver's UUID representation unspecified by default, which JobRunr refuses. */
    @Test
    void context_bootsDefaultUuidRepresentation_failsToStartPointingAtIt() {
        bootDefaults.run(context -> assertThat(context).hasFailed()
                                                       .getFailure().hasStackTraceContaining("uuidRepresentation"));
    }

    /** What the app provides besides Boot's MongoClient. */
    @Configuration(proxyBeanMethods = false)
    static class AppBeans {

        @Bean
        MongoDatabase mongoDatabase(MongoClient mongoClient) {
            return mongoClient.getDatabase("sharefab");
        }

        @Bean
        Serializer serializer() {
            return SERIALIZER;
        }

        /** A second Serializer, as Axon's starter defines: ours must pick the one named "serializer". */
        @Bean
        Serializer eventSerializer() {
            return JacksonSerializer.defaultSerializer();
        }

        @Bean
        org.axonframework.config.Configuration axonConfiguration() {
            return mock(org.axonframework.config.Configuration.class);
        }
    }
}
