package com.sharefab.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Axon's token store, saga store and durable deadline manager on MongoDB, for the application to {@code @Import}.
 * <p>
 * Needs from the context: a {@link MongoClient}, a {@link MongoDatabase} (our collections go there: {@code tokens},
 * {@code sagas} and JobRunr's {@code jobrunr_*}), Axon's {@link Serializer} named {@code serializer}, Axon's
 * {@link org.axonframework.config.Configuration}, and JobRunr's {@link JobScheduler} and {@link JobMapper} (both
 * provided by {@code jobrunr-spring-boot-4-starter}). Optional: a {@link TransactionManager} and a
 * {@link DeadlineManagerSpanFactory} (Axon's Spring Boot starter provides both).
 * <p>
 * JobRunr refuses a {@link MongoClient} whose UUID representation is unspecified, which is Spring Boot 4's default:
 * the app must set {@code spring.mongodb.representation.uuid=standard} (or {@code java-legacy}).
 * <p>
 * The {@link StorageProvider} bean is named {@code storageProvider}, like the starter's: as a bean of that type
 * exists, the starter's own MongoDB storage ({@code @ConditionalOnMissingBean}) backs off and its
 * {@code JobScheduler} and {@code BackgroundJobServer} use this one. Likewise Axon's {@code AxonJobRunrAutoConfiguration}
 * backs off from creating its {@code DeadlineManager}. The app still sets
 * {@code jobrunr.background-job-server.enabled=true} for deadlines to fire, and should keep
 * {@code jobrunr.dashboard.enabled} off (the default; anonymous usage data is only sent by the dashboard).
 */
@Configuration(proxyBeanMethods = false)
public class AxonMongoStoresConfiguration {

    /** Claim timeout of the token store, as a Spring Boot duration ({@code 10s}, {@code 1m}...). */
    public static final String CLAIM_TIMEOUT_PROPERTY = "sharefab.axon.token-store.claim-timeout";
    static final String JOBRUNR_COLLECTION_PREFIX = "jobrunr_";

    /** This node's name in token claims; must differ between nodes. Default: host, pid and a random part. */
    public static final String NODE_ID_PROPERTY = "sharefab.node-id";

    @Bean
    public TokenStore tokenStore(MongoDatabase mongoDatabase,
                                 @Qualifier("serializer") Serializer serializer,
                                 @Value("${" + CLAIM_TIMEOUT_PROPERTY + ":10s}") Duration claimTimeout,
                                 @Value("${" + NODE_ID_PROPERTY + ":}") String nodeId) {
        String node = nodeId.isBlank()
                ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8)
                : nodeId;
        return MongoStores.tokenStore(mongoDatabase, serializer, claimTimeout, node);
    }

    @Bean
    public SagaStore<Object> sagaStore(MongoDatabase mongoDatabase, @Qualifier("serializer") Serializer serializer) {
        return MongoStores.sagaStore(mongoDatabase, serializer);
    }

    @Bean(name = "storageProvider", destroyMethod = "close")
    public StorageProvider storageProvider(MongoClient mongoClient, MongoDatabase mongoDatabase, JobMapper jobMapper) {
        MongoJobRunrStorageProvider storageProvider =
                new MongoJobRunrStorageProvider(mongoClient, mongoDatabase.getName(), JOBRUNR_COLLECTION_PREFIX);
        storageProvider.setJobMapper(jobMapper); // as the starter's own storage configuration does
        return storageProvider;
    }

    /**
     * Declared with its concrete type: JobRunr's Spring activator finds the instance that runs a deadline job by the
     * type {@code JobRunrDeadlineManager}, which this bean is.
     */
    @Bean
    public MongoJobRunrDeadlineManager deadlineManager(JobScheduler jobScheduler,
                                                       StorageProvider storageProvider,
                                                       org.axonframework.config.Configuration axonConfiguration,
                                                       @Qualifier("serializer") Serializer serializer,
                                                       ObjectProvider<TransactionManager> transactionManager,
                                                       ObjectProvider<DeadlineManagerSpanFactory> spanFactory) {
        MongoJobRunrDeadlineManager.Builder builder =
                MongoJobRunrDeadlineManager.builder()
                                           .jobScheduler(jobScheduler)
                                           .storageProvider(storageProvider)
                                           .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration))
                                           .serializer(serializer)
                                           .transactionManager(transactionManager.getIfAvailable(
                                                   NoTransactionManager::instance));
        spanFactory.ifAvailable(builder::spanFactory);
        return builder.build();
    }
}
