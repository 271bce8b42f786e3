package com.sharefab.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.nosql.mongo.MongoDBStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoJobRunrStorageProviderTest {

    private static final String DATABASE = "sharefab";
    private static final String PREFIX = "jobrunr_";

    private InProcessMongo mongo;
    private MongoClient client;
    private MongoDatabase database;
    private final List<MongoDBStorageProvider> providers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        client = mongo.newClient();
        database = client.getDatabase(DATABASE);
    }

    @AfterEach
    void tearDown() {
        providers.forEach(MongoDBStorageProvider::close);
        mongo.close();
    }

    private MongoJobRunrStorageProvider newProvider() {
        MongoJobRunrStorageProvider provider = new MongoJobRunrStorageProvider(client, DATABASE, PREFIX);
        providers.add(provider);
        return provider;
    }

    /** Why this class exists: if this ever stops failing, the stock provider will do. */
    @Test
    void stockProvider_onMongoJavaServer_failsInItsIndexMigration() {
        assertThatThrownBy(() -> providers.add(new MongoDBStorageProvider(client, DATABASE, PREFIX, DatabaseOptions.CREATE)))
                .hasStackTraceContaining("M007_UpdateJobsCollectionReplaceIndices");
    }

    @Test
    void constructor_freshDatabase_runsEveryMigrationAndCreatesThePrefixedCollections() {
        newProvider();

        assertThat(database.listCollectionNames()).contains(
                "jobrunr_jobs", "jobrunr_recurring_jobs", "jobrunr_background_job_servers", "jobrunr_metadata");
        assertThat(database.getCollection("jobrunr_migrations").distinct("name", String.class))
                .contains("M007_UpdateJobsCollectionReplaceIndices.class")
                .hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void constructor_alreadyMigratedDatabase_startsWithoutMigratingAgain() {
        newProvider();
        long migrations = database.getCollection("jobrunr_migrations").countDocuments();

        newProvider();

        assertThat(database.getCollection("jobrunr_migrations").countDocuments()).isEqualTo(migrations);
    }

    @Test
    void dropIndexesOneByOne_collectionWithIndexes_dropsAllButTheIdIndex() {
        MongoCollection<Document> collection = database.getCollection("indexed");
        collection.createIndex(Indexes.ascending("a"), new IndexOptions().unique(true).name("a_unique"));
        collection.createIndex(Indexes.ascending("b", "c"), new IndexOptions().unique(true).name("bc_unique"));

        MongoJobRunrStorageProvider.dropIndexesOneByOne(collection);

        assertThat(collection.listIndexes()).extracting(index -> index.getString("name")).containsExactly("_id_");
    }

    @Test
    void saveAndGetJobById_scheduledJob_roundTripsThroughTheJobsCollection() {
        MongoJobRunrStorageProvider provider = newProvider();
        provider.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        JobScheduler scheduler = new JobScheduler(provider);
        UUID id = UUID.randomUUID();
        Instant at = Instant.now().plus(1, ChronoUnit.HOURS);

        scheduler.create(JobBuilder.aJob().withId(id).withName("reminder").withLabels("label-a")
                                   .scheduleAt(at).withDetails(() -> System.out.println("not run")));

        Job job = provider.getJobById(id);
        assertThat(job.getJobName()).isEqualTo("reminder");
        assertThat(job.getLabels()).containsExactly("label-a");
        assertThat(database.getCollection("jobrunr_jobs").countDocuments()).isEqualTo(1);
    }
}
