package com.sharefab.query.firm;

import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** The firm read model: one document per firm in {@code firm_views}, keyed by the firm id. */
@Component
public class FirmViews {

    static final String COLLECTION = "firm_views";

    private final MongoCollection<Document> collection;
    private final ReadModelUpdates updates;

    FirmViews(MongoDatabase database, ReadModelUpdates updates) {
        this.collection = database.getCollection(COLLECTION);
        this.updates = updates;
    }

    /** The firm with this id, if projected. */
    public Optional<FirmView> find(String firmId) {
        return Optional.ofNullable(collection.find(new Document("_id", firmId)).first()).map(FirmViews::toView);
    }

    /** The firm once its registration was projected, waiting at most {@code timeout}; empty if still pending. */
    public Optional<FirmView> awaitProjected(String firmId, Duration timeout) {
        return Optional.ofNullable(
                updates.await(FirmProjection.PROCESSING_GROUP, firmId, timeout, () -> find(firmId).orElse(null)));
    }

    /** Up to {@code limit} firms with ids after {@code afterId} (all if null), in id order. */
    List<FirmView> page(String afterId, int limit) {
        var filter = afterId == null ? new Document() : gt("_id", afterId);
        return collection.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(FirmViews::toView)
                .into(new ArrayList<>());
    }

    void save(FirmView view, long sequence) {
        var document = new Document("_id", view.id())
                .append("name", view.name())
                .append("uscc", view.uscc())
                .append("roles", view.roles().stream().map(Enum::name).sorted().toList())
                .append("contactName", view.contactName())
                .append("contactPhone", view.contactPhone())
                .append("contactEmail", view.contactEmail())
                .append("registeredAt", Date.from(view.registeredAt()))
                .append("lastSequence", sequence);
        // Upsert by id: applying the same event twice leaves the same document.
        collection.replaceOne(new Document("_id", view.id()), document, new ReplaceOptions().upsert(true));
        updates.written(FirmProjection.PROCESSING_GROUP, view.id());
    }

    void clear() {
        collection.deleteMany(new Document());
    }

    private static FirmView toView(Document document) {
        return new FirmView(
                document.getString("_id"),
                document.getString("name"),
                document.getString("uscc"),
                document.getList("roles", String.class).stream().map(FirmRole::valueOf).toList(),
                document.getString("contactName"),
                document.getString("contactPhone"),
                document.getString("contactEmail"),
                document.getDate("registeredAt").toInstant());
    }
}
