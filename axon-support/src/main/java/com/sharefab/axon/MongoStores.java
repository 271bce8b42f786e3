package com.sharefab.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Duration;

/**
 * Builds axon-mongo's token and saga stores on Sharefab's collections, without Spring.
 * <p>
 * Both stores run without a transaction manager (axon-mongo's default, {@code NoTransactionManager}): their writes
 * are single-document updates, which MongoDB applies atomically, except the token store's initial insert of all
 * segments, where a concurrent initialisation fails on the unique index instead. It also keeps them working where
 * sessions are unavailable (mongo-java-server in tests).
 */
final class MongoStores {

    static final String TOKENS_COLLECTION = "tokens";
    static final String SAGAS_COLLECTION = "sagas";

    private MongoStores() {
    }

    /**
     * A token store on {@value #TOKENS_COLLECTION}. Its constructor creates the unique index on
     * (processorName, segment) that claims rely on.
     *
     * @param claimTimeout how long a claim not extended by its owner blocks other nodes before they may steal it
     */
    static MongoTokenStore tokenStore(MongoDatabase database, Serializer serializer, Duration claimTimeout) {
        return tokenStore(database, serializer, claimTimeout, null);
    }

    /**
     * The same, claiming segments as {@code nodeId}; {@code null} keeps axon-mongo's default ({@code pid@host}), which
     * two app instances in one JVM, or two containers with the same hostname and pid 1, would share.
     */
    static MongoTokenStore tokenStore(MongoDatabase database, Serializer serializer, Duration claimTimeout, String nodeId) {
        var builder = MongoTokenStore.builder()
                              .mongoTemplate(template(database))
                              .serializer(serializer)
                              .claimTimeout(claimTimeout);
        if (nodeId != null && !nodeId.isBlank()) {
            builder.nodeId(nodeId);
        }
        return builder.build();
    }

    /**
     * A saga store on {@value #SAGAS_COLLECTION}, found by association through {@link AssociationIndexedSagaStore}'s
     * {@code saga_associations} (an {@code _id} lookup on every server, where axon-mongo's own query scans on
     * mongo-java-server). axon-mongo's saga store creates no index, so we do: every load, update and delete is by
     * saga identifier. The multikey index on (saga type, associations) serves ad-hoc queries on a real MongoDB.
     */
    static SagaStore<Object> sagaStore(MongoDatabase database, Serializer serializer) {
        MongoTemplate template = template(database);
        ensureSagaIndexes(template.sagaCollection());
        MongoSagaStore sagas = MongoSagaStore.builder()
                                             .mongoTemplate(template)
                                             .serializer(serializer)
                                             .build();
        return new AssociationIndexedSagaStore(sagas, template.sagaCollection(),
                                               database.getCollection(AssociationIndexedSagaStore.COLLECTION),
                                               serializer);
    }

    static void ensureSagaIndexes(MongoCollection<Document> sagas) {
        sagas.createIndex(Indexes.ascending("sagaIdentifier"), new IndexOptions().unique(true));
        // The store queries {sagaType: t, associations: {key: k, value: v}}: an equality on a whole array element,
        // which a multikey index on the array field itself serves.
        sagas.createIndex(Indexes.ascending("sagaType", "associations"));
    }

    private static MongoTemplate template(MongoDatabase database) {
        return DefaultMongoTemplate.builder()
                                   .mongoDatabase(database)
                                   .trackingTokensCollectionName(TOKENS_COLLECTION)
                                   .sagasCollectionName(SAGAS_COLLECTION)
                                   .build();
    }
}
