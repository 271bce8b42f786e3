package com.sharefab.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A saga store that finds sagas by association through a lookup by {@code _id}, and keeps the sagas themselves in
 * axon-mongo's store.
 * <p>
 * axon-mongo's {@code findSagas} queries {@code {sagaType, associations: {key, value}}}. A real MongoDB serves that
 * from a multikey index, but mongo-java-server (the embedded default and the tests) ignores non-unique indexes, so
 * every event routed to a saga scanned every stored saga: the booking saga slowed down linearly with the number of
 * live orders (8–16 orders/s in the load benchmark). Here each (saga type, key, value) is one document in
 * {@value #COLLECTION} whose {@code _id} is that triple and whose {@code sagas} array holds the identifiers of the
 * sagas associated with it: an exact {@code _id} lookup on every server.
 * <p>
 * <b>Crash safety without transactions.</b> Index entries are added before the saga document is written and removed
 * after it, so a crash in between leaves at most an entry too many, never one too few. An entry too many is harmless:
 * Axon loads the saga by identifier (a missing saga is skipped) and only lets a saga handle an event whose
 * association the saga itself still holds ({@code AnnotatedSaga.canHandle}).
 * <p>
 * <b>Upgrade.</b> Sagas stored before this index existed are indexed once, at start, from their own association
 * lists; the marker document {@value #BACKFILLED} records that it finished (a start interrupted half-way does it again;
 * adding to a set is idempotent).
 * <p>
 * An association's document stays, with an empty array, after its last saga ends: deleting it only when empty would
 * need a query on {@code _id} and the array together, which mongo-java-server answers by a scan.
 */
final class AssociationIndexedSagaStore implements SagaStore<Object> {

    static final String COLLECTION = "saga_associations";
    static final String BACKFILLED = "backfilled";
    private static final char SEPARATOR = '\u001f'; // unit separator: cannot appear in a Java class name

    private final SagaStore<Object> sagas;
    private final MongoCollection<Document> index;
    private final Serializer serializer;

    AssociationIndexedSagaStore(SagaStore<Object> sagas, MongoCollection<Document> sagaDocuments,
                                MongoCollection<Document> index, Serializer serializer) {
        this.sagas = sagas;
        this.index = index;
        this.serializer = serializer;
        backfill(sagaDocuments);
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        Document entry = index.find(Filters.eq("_id", key(typeName(sagaType), associationValue))).first();
        if (entry == null) {
            return Set.of();
        }
        return new HashSet<>(entry.getList("sagas", String.class, List.of()));
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        return sagas.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associations) {
        String type = typeName(sagaType);
        associations.forEach(association -> add(type, association, sagaIdentifier));
        try {
            sagas.insertSaga(sagaType, sagaIdentifier, saga, associations);
        } catch (RuntimeException failure) { // e.g. the identifier is taken: take back what was added for it
            associations.forEach(association -> remove(type, association, sagaIdentifier));
            throw failure;
        }
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associations) {
        String type = typeName(sagaType);
        associations.addedAssociations().forEach(association -> add(type, association, sagaIdentifier));
        sagas.updateSaga(sagaType, sagaIdentifier, saga, associations);
        associations.removedAssociations().forEach(association -> remove(type, association, sagaIdentifier));
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associations) {
        sagas.deleteSaga(sagaType, sagaIdentifier, associations);
        String type = typeName(sagaType);
        associations.forEach(association -> remove(type, association, sagaIdentifier));
    }

    private void add(String type, AssociationValue association, String sagaIdentifier) {
        index.updateOne(Filters.eq("_id", key(type, association)),
                        Updates.combine(Updates.setOnInsert("sagaType", type),
                                        Updates.setOnInsert("key", association.getKey()),
                                        Updates.setOnInsert("value", association.getValue()),
                                        Updates.addToSet("sagas", sagaIdentifier)),
                        new UpdateOptions().upsert(true));
    }

    private void remove(String type, AssociationValue association, String sagaIdentifier) {
        index.updateOne(Filters.eq("_id", key(type, association)), Updates.pull("sagas", sagaIdentifier));
    }

    private void backfill(MongoCollection<Document> sagaDocuments) {
        if (index.find(Filters.eq("_id", BACKFILLED)).first() != null) {
            return;
        }
        for (Document saga : sagaDocuments.find()
                                          .projection(Projections.include("sagaType", "sagaIdentifier", "associations"))) {
            String type = saga.getString("sagaType");
            String identifier = saga.getString("sagaIdentifier");
            for (Document association : saga.getList("associations", Document.class, List.of())) {
                add(type, new AssociationValue(association.getString("key"), association.getString("value")),
                    identifier);
            }
        }
        index.updateOne(Filters.eq("_id", BACKFILLED), Updates.set("at", new java.util.Date()),
                        new UpdateOptions().upsert(true));
    }

    /** The saga type as axon-mongo stores it in the saga document (so that the backfill finds the same key). */
    private String typeName(Class<?> sagaType) {
        return serializer.typeForClass(sagaType).getName();
    }

    static String key(String sagaType, AssociationValue association) {
        return sagaType + SEPARATOR + association.getKey() + SEPARATOR + association.getValue();
    }
}
