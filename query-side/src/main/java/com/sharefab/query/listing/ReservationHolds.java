package com.sharefab.query.listing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The live reservations per buyer firm (one document per listing and order, gone once consumed or released): the
 * {@link UnpaidReservations} before orders; since orders know which are paid, the order read model's count
 * ({@code @Primary}) uses these only for capacity reserved without an order. Its own processing group, replayable alone;
 * idempotent (upsert and delete by id).
 */
@Component
@ProcessingGroup(ReservationHolds.PROCESSING_GROUP)
public class ReservationHolds implements UnpaidReservations {

    static final String PROCESSING_GROUP = "reservation-holds";
    static final String COLLECTION = "reservation_holds";

    private final MongoCollection<Document> collection;

    ReservationHolds(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        collection.createIndex(Indexes.ascending("buyerFirmId"));
    }

    @EventHandler
    void on(CapacityReservedEvent event, @MetaDataValue(EventMetadata.ACTOR_FIRM_ID) String buyerFirmId) {
        if (buyerFirmId == null) {
            return;
        }
        var id = id(event.listingId(), event.orderId());
        collection.replaceOne(Filters.eq("_id", id),
                new Document("_id", id).append("buyerFirmId", buyerFirmId).append("listingId", event.listingId())
                        .append("orderId", event.orderId()),
                new ReplaceOptions().upsert(true));
    }

    @EventHandler
    void on(CapacityReleasedEvent event) {
        collection.deleteOne(Filters.eq("_id", id(event.listingId(), event.orderId())));
    }

    @EventHandler
    void on(CapacityConsumedEvent event) {
        collection.deleteOne(Filters.eq("_id", id(event.listingId(), event.orderId())));
    }

    @ResetHandler
    void reset() {
        collection.deleteMany(new Document());
    }

    @Override
    public long count(String buyerFirmId) {
        return collection.countDocuments(Filters.eq("buyerFirmId", buyerFirmId));
    }

    @Override
    public boolean holds(String buyerFirmId, String listingId, String orderId) {
        return collection.countDocuments(Filters.and(
                Filters.eq("_id", id(listingId, orderId)), Filters.eq("buyerFirmId", buyerFirmId))) > 0;
    }

    /** The order ids of the buyer firm's live reservations (made for an order or reserved directly). */
    public List<String> orderIds(String buyerFirmId) {
        return collection.find(Filters.eq("buyerFirmId", buyerFirmId)).map(d -> d.getString("orderId"))
                .into(new ArrayList<>());
    }

    private static String id(String listingId, String orderId) {
        return listingId + ":" + orderId;
    }
}
