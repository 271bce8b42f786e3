package com.sharefab.axon;

import com.mongodb.client.MongoDatabase;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The association lookup of {@link MongoStores#sagaStore}: by {@code _id} in {@code saga_associations}, kept right
 * under concurrent writers, filled once from sagas stored before it existed, and harmless when a crash leaves an
 * entry too many.
 */
class AssociationIndexedSagaStoreTest {

    private static final AssociationValue ORDER_1 = new AssociationValue("orderId", "order-1");
    private static final AssociationValue LISTING = new AssociationValue("listingId", "listing-1");

    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private InProcessMongo mongo;
    private MongoDatabase database;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        database = mongo.newClient().getDatabase("sharefab");
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void findSagas_answersFromOneAssociationDocumentPerSagaTypeKeyAndValue() {
        var store = MongoStores.sagaStore(database, serializer);
        store.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-1",
                         new MongoSagaStoreTest.FulfilmentSaga("order-1", 0), Set.of(ORDER_1, LISTING));
        store.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-2",
                         new MongoSagaStoreTest.FulfilmentSaga("order-2", 0), Set.of(LISTING));

        var listingEntry = database.getCollection(AssociationIndexedSagaStore.COLLECTION)
                                   .find(new Document("_id", AssociationIndexedSagaStore.key(
                                           serializer.typeForClass(MongoSagaStoreTest.FulfilmentSaga.class).getName(),
                                           LISTING)))
                                   .first();
        assertThat(listingEntry).isNotNull();
        assertThat(listingEntry.getList("sagas", String.class)).containsExactlyInAnyOrder("saga-1", "saga-2");
        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, LISTING))
                .containsExactlyInAnyOrder("saga-1", "saga-2");
        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, ORDER_1)).containsExactly("saga-1");
    }

    @Test
    void sagasStoredBeforeTheIndexExisted_areFoundAfterTheNextStart() {
        var template = DefaultMongoTemplate.builder().mongoDatabase(database).sagasCollectionName("sagas").build();
        var legacy = MongoSagaStore.builder().mongoTemplate(template).serializer(serializer).build();
        legacy.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, "old-1",
                          new MongoSagaStoreTest.FulfilmentSaga("order-1", 3), Set.of(ORDER_1, LISTING));
        legacy.insertSaga(MongoSagaStoreTest.BillingSaga.class, "old-2", new MongoSagaStoreTest.BillingSaga(),
                          Set.of(ORDER_1));

        var store = MongoStores.sagaStore(database, serializer);

        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, ORDER_1)).containsExactly("old-1");
        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, LISTING)).containsExactly("old-1");
        assertThat(store.findSagas(MongoSagaStoreTest.BillingSaga.class, ORDER_1)).containsExactly("old-2");
        // A second start finds the marker and does not index again; what the first one indexed stays.
        var again = MongoStores.sagaStore(database, serializer);
        assertThat(again.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, ORDER_1)).containsExactly("old-1");
    }

    @Test
    void concurrentSagasOnOneAssociation_allStayFindable_andEndedOnesLeave() throws Exception {
        var store = MongoStores.sagaStore(database, serializer);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 25; i++) {
                        String id = "saga-" + thread + "-" + i;
                        store.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, id,
                                         new MongoSagaStoreTest.FulfilmentSaga(id, 0), Set.of(LISTING));
                        if (i % 5 == 0) {
                            store.deleteSaga(MongoSagaStoreTest.FulfilmentSaga.class, id, Set.of(LISTING));
                        }
                    }
                    return null;
                });
            }
            for (var future : pool.invokeAll(tasks)) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        var expected = new ArrayList<String>();
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 25; i++) {
                if (i % 5 != 0) {
                    expected.add("saga-" + t + "-" + i);
                }
            }
        }
        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, LISTING))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anEntryLeftByACrashBeforeTheSagaWasWritten_isSkippedByAxon() {
        SagaStore<Object> store = MongoStores.sagaStore(database, serializer);
        store.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-1",
                         new MongoSagaStoreTest.FulfilmentSaga("order-1", 0), Set.of(ORDER_1));
        // The crash: the association was indexed, the saga document never written.
        database.getCollection("sagas").deleteOne(new Document("sagaIdentifier", "saga-1"));
        var repository = AnnotatedSagaRepository.<MongoSagaStoreTest.FulfilmentSaga>builder()
                                                .sagaType(MongoSagaStoreTest.FulfilmentSaga.class)
                                                .sagaStore(store)
                                                .build();

        var uow = DefaultUnitOfWork.startAndGet(null);
        try {
            assertThat(repository.find(ORDER_1)).containsExactly("saga-1");
            assertThat(repository.load("saga-1")).isNull();
        } finally {
            uow.rollback();
        }
    }

    @Test
    void updateSaga_movesTheSagaBetweenAssociationDocuments() {
        var store = MongoStores.sagaStore(database, serializer);
        store.insertSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-1",
                         new MongoSagaStoreTest.FulfilmentSaga("order-1", 0), Set.of(ORDER_1));
        var associations = new org.axonframework.modelling.saga.AssociationValuesImpl(Set.of(ORDER_1));
        associations.remove(ORDER_1);
        associations.add(LISTING);

        store.updateSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-1",
                         new MongoSagaStoreTest.FulfilmentSaga("order-1", 1), associations);

        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, ORDER_1)).isEmpty();
        assertThat(store.findSagas(MongoSagaStoreTest.FulfilmentSaga.class, LISTING)).containsExactly("saga-1");
        assertThat(List.copyOf(store.loadSaga(MongoSagaStoreTest.FulfilmentSaga.class, "saga-1").associationValues()))
                .containsExactly(LISTING);
    }
}
