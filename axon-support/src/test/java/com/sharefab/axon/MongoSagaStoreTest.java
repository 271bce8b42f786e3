package com.sharefab.axon;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * axon-mongo's {@link MongoSagaStore} as {@link MongoStores} builds it, on mongo-java-server with the Jackson
 * serializer: the cases of axon-mongo's own MongoSagaStoreTest.
 */
class MongoSagaStoreTest {

    private static final AssociationValue ORDER_1 = new AssociationValue("orderId", "order-1");
    private static final AssociationValue ORDER_2 = new AssociationValue("orderId", "order-2");

    private InProcessMongo mongo;
    private MongoDatabase database;
    private SagaStore<Object> sagaStore;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
        database = mongo.newClient().getDatabase("sharefab");
        sagaStore = MongoStores.sagaStore(database, JacksonSerializer.defaultSerializer());
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void insertSaga_thenLoadSaga_returnsTheSagaAndItsAssociations() {
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-1", 2), Set.of(ORDER_1));

        SagaStore.Entry<FulfilmentSaga> entry = sagaStore.loadSaga(FulfilmentSaga.class, "saga-1");

        assertThat(entry.saga()).usingRecursiveComparison().isEqualTo(new FulfilmentSaga("order-1", 2));
        assertThat(entry.associationValues()).containsExactly(ORDER_1);
        assertThat(database.getCollection("sagas").countDocuments()).isEqualTo(1);
    }

    @Test
    void loadSaga_unknownIdentifier_returnsNull() {
        assertThat(sagaStore.loadSaga(FulfilmentSaga.class, "nope")).isNull();
    }

    @Test
    void findSagas_byAssociationValue_findsEverySagaOfThatTypeOnly() {
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-1", 0), Set.of(ORDER_1));
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-2", new FulfilmentSaga("order-1", 1), Set.of(ORDER_1, ORDER_2));
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-3", new FulfilmentSaga("order-2", 0), Set.of(ORDER_2));
        sagaStore.insertSaga(BillingSaga.class, "billing-1", new BillingSaga(), Set.of(ORDER_1));

        assertThat(sagaStore.findSagas(FulfilmentSaga.class, ORDER_1)).containsExactlyInAnyOrder("saga-1", "saga-2");
        assertThat(sagaStore.findSagas(BillingSaga.class, ORDER_1)).containsExactly("billing-1");
        assertThat(sagaStore.findSagas(FulfilmentSaga.class, new AssociationValue("orderId", "order-3"))).isEmpty();
        // Same value, other key: no match.
        assertThat(sagaStore.findSagas(FulfilmentSaga.class, new AssociationValue("invoiceId", "order-1"))).isEmpty();
    }

    @Test
    void updateSaga_changedStateAndAssociations_isFoundByTheNewAssociationOnly() {
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-1", 0), Set.of(ORDER_1));
        AssociationValuesImpl associations = new AssociationValuesImpl(Set.of(ORDER_1));
        associations.remove(ORDER_1);
        associations.add(ORDER_2);

        sagaStore.updateSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-2", 5), associations);

        assertThat(sagaStore.findSagas(FulfilmentSaga.class, ORDER_1)).isEmpty();
        assertThat(sagaStore.findSagas(FulfilmentSaga.class, ORDER_2)).containsExactly("saga-1");
        SagaStore.Entry<FulfilmentSaga> entry = sagaStore.loadSaga(FulfilmentSaga.class, "saga-1");
        assertThat(entry.saga().shipped).isEqualTo(5);
        assertThat(entry.associationValues()).containsExactly(ORDER_2);
    }

    @Test
    void deleteSaga_endedSaga_isNeitherLoadedNorFound() {
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-1", 0), Set.of(ORDER_1));

        sagaStore.deleteSaga(FulfilmentSaga.class, "saga-1", Set.of(ORDER_1));

        assertThat(sagaStore.loadSaga(FulfilmentSaga.class, "saga-1")).isNull();
        assertThat(sagaStore.findSagas(FulfilmentSaga.class, ORDER_1)).isEmpty();
    }

    @Test
    void insertSaga_identifierAlreadyStored_isRejectedByTheUniqueIndex() {
        sagaStore.insertSaga(FulfilmentSaga.class, "saga-1", new FulfilmentSaga("order-1", 0), Set.of(ORDER_1));

        assertThatThrownBy(() -> sagaStore.insertSaga(FulfilmentSaga.class, "saga-1",
                                                      new FulfilmentSaga("order-9", 0), Set.of(ORDER_2)))
                .isInstanceOf(MongoWriteException.class);
        assertThat(sagaStore.findSagas(FulfilmentSaga.class, ORDER_2)).isEmpty();
    }

    @Test
    void sagaStore_builtTwiceOnOneDatabase_keepsItsIndexes() {
        MongoStores.sagaStore(database, JacksonSerializer.defaultSerializer());

        assertThat(database.getCollection("sagas").listIndexes())
                .extracting(index -> index.get("key", Document.class))
                .contains(new Document("sagaIdentifier", 1));
    }

    /** A saga's state as Jackson serializes it: public fields, no-arg constructor. */
    public static class FulfilmentSaga {
        public String orderId;
        public int shipped;

        public FulfilmentSaga() {
        }

        FulfilmentSaga(String orderId, int shipped) {
            this.orderId = orderId;
            this.shipped = shipped;
        }
    }

    public static class BillingSaga {
        public boolean invoiced;
    }
}
