package com.sharefab.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.nosql.mongo.MongoDBCreator;
import org.jobrunr.storage.nosql.mongo.MongoDBStorageProvider;
import org.jobrunr.storage.nosql.mongo.migrations.M007_UpdateJobsCollectionReplaceIndices;
import org.jobrunr.storage.nosql.mongo.migrations.MongoMigration;
import org.jobrunr.utils.exceptions.Exceptions;

import java.util.ArrayList;
import java.util.List;

/**
 * JobRunr's {@link MongoDBStorageProvider}, with one of its schema migrations made portable.
 * <p>
 * Migration {@code M007_UpdateJobsCollectionReplaceIndices} starts with {@code dropIndexes()} on the jobs collection,
 * i.e. the {@code dropIndexes} command with index {@code "*"}. Not every server speaking the MongoDB wire protocol
 * handles the wildcard: mongo-java-server, which our tests run on, fails it ("index not found"), and the failing
 * migration makes the provider's constructor throw. We run the same migration but drop the indexes one at a time, by
 * name, which every server supports and which leaves a real MongoDB in exactly the same state ({@code _id_} is never
 * dropped by either).
 * <p>
 * The migration is still recorded under JobRunr's own name, so a database migrated by this class and one migrated by
 * the stock provider are interchangeable.
 * <p>
 * Everything else, including the other migrations, is JobRunr's code unchanged.
 */
public class MongoJobRunrStorageProvider extends MongoDBStorageProvider {

    /**
     * @param mongoClient      a client whose codec registry has an explicit UUID representation (JobRunr checks)
     * @param databaseName     the database holding JobRunr's collections
     * @param collectionPrefix prefix of JobRunr's collection names, e.g. {@code jobrunr_}; {@code null} for none
     */
    public MongoJobRunrStorageProvider(MongoClient mongoClient, String databaseName, String collectionPrefix) {
        super(mongoClient, databaseName, collectionPrefix, DatabaseOptions.CREATE);
    }

    // Called from the super constructor: it may only use its arguments, not fields of this class.
    @Override
    protected void runMigrations(MongoClient mongoClient, String dbName, String collectionPrefix) {
        new PortableMongoDBCreator(mongoClient, dbName, collectionPrefix).runMigrations();
    }

    /** Runs JobRunr's migrations, swapping in the portable variant of M007. */
    static final class PortableMongoDBCreator extends MongoDBCreator {

        PortableMongoDBCreator(MongoClient mongoClient, String dbName, String collectionPrefix) {
            super(mongoClient, dbName, collectionPrefix);
        }

        @Override
        protected void runMigration(MongoMigration migration) {
            // Exact class match: a future JobRunr that fixes or subclasses M007 must not silently lose its changes.
            super.runMigration(migration.getClass() == M007_UpdateJobsCollectionReplaceIndices.class
                    ? new M007DroppingIndexesByName()
                    : migration);
        }
    }

    /** M007 as JobRunr wrote it, except that the existing indexes are dropped by name. */
    static final class M007DroppingIndexesByName extends M007_UpdateJobsCollectionReplaceIndices {

        @Override
        protected void dropIndexes(MongoCollection<Document> collection) {
            // JobRunr's retry policy for dropIndexes; a retry lists the indexes left and drops those.
            Exceptions.retryOnException(() -> dropIndexesOneByOne(collection),
                    this::isBackgroundOperationInProgressException, 5, 200L);
        }
    }

    static void dropIndexesOneByOne(MongoCollection<Document> collection) {
        // Collect first: dropping while iterating the listIndexes cursor would modify what it reads.
        List<String> names = new ArrayList<>();
        for (Document index : collection.listIndexes()) {
            String name = index.getString("name");
            if (!"_id_".equals(name)) { // the _id index cannot be dropped, and dropIndexes("*") keeps it too
                names.add(name);
            }
        }
        names.forEach(collection::dropIndex);
    }
}
