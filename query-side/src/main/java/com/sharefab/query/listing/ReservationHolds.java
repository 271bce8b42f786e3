package com.sharefab.query.listing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
 * idempotent (upsert and delete by id, {@code $addToSet} and {@code $pull}).
 *
 * <p>Beside it, {@code buyer_reservations}: one document per buyer firm ({@code _id}) listing its live holds, so
 * the cap checked at every placement reads one document by {@code _id}. The embedded store ignores the
 * {@code buyerFirmId} index, so reading them from {@code reservation_holds} scanned every buyer's holds.
 */
@Component
@ProcessingGroup(ReservationHolds.PROCESSING_GROUP)
public class ReservationHolds implements UnpaidReservations {

    static final String PROCESSING_GROUP = "reservation-holds";
    static final String COLLECTION = "reservation_holds";
    static final String BY_BUYER = "buyer_reservations";

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> byBuyer;

    ReservationHolds(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        this.byBuyer = database.getCollection(BY_BUYER);
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
        byBuyer.updateOne(Filters.eq("_id", buyerFirmId), Updates.addToSet(HOLDS, hold(event.listingId(), event.orderId())),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(CapacityReleasedEvent event) {
        release(event.listingId(), event.orderId());
    }

    @EventHandler
    void on(CapacityConsumedEvent event) {
        release(event.listingId(), event.orderId());
    }

    /** Off the buyer's list first, then gone: a crash between the two is mended when the event comes again. */
    private void release(String listingId, String orderId) {
        var id = id(listingId, orderId);
        var held = collection.find(Filters.eq("_id", id)).first();
        if (held == null) {
            return;
        }
        byBuyer.updateOne(Filters.eq("_id", held.getString("buyerFirmId")), Updates.pull(HOLDS, hold(listingId, orderId)));
        collection.deleteOne(Filters.eq("_id", id));
    }

    @ResetHandler
    void reset() {
        collection.deleteMany(new Document());
        byBuyer.deleteMany(new Document());
    }

    @Override
    public long count(String buyerFirmId) {
        return orderIds(buyerFirmId).size();
    }

    /** One read by {@code _id}; the buyer is checked on the document (a filter on both would scan on the embedded store). */
    @Override
    public boolean holds(String buyerFirmId, String listingId, String orderId) {
        var held = collection.find(Filters.eq("_id", id(listingId, orderId))).first();
        return held != null && buyerFirmId.equals(held.getString("buyerFirmId"));
    }

    /**
     * The order ids of the buyer firm's live reservations (made for an order or reserved directly), one per hold:
     * one read by {@code _id}.
     */
    public List<String> orderIds(String buyerFirmId) {
        var doc = byBuyer.find(Filters.eq("_id", buyerFirmId)).first();
        var ids = new ArrayList<String>();
        if (doc != null) {
            doc.getList(HOLDS, Document.class, List.of()).forEach(hold -> ids.add(hold.getString("orderId")));
        }
        return ids;
    }

    private static final String HOLDS = "holds";

    private static Document hold(String listingId, String orderId) {
        return new Document("listingId", listingId).append("orderId", orderId);
    }

    private static String id(String listingId, String orderId) {
        return listingId + ":" + orderId;
    }
}
