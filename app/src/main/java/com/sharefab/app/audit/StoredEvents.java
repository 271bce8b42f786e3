package com.sharefab.app.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.sharefab.audit.AuditedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.springframework.stereotype.Component;

/**
 * Reads the event store's commit documents as they are stored (no serializer, no upcaster), one event per global
 * index. Every query has one top-level key, {@code globalIndexes}, {@code streamKeys} or
 * {@code events.eventIdentifier}, compared by {@code =} or {@code $in}: served by the store's unique indexes on MongoDB
 * and on mongo-java-server alike (event-store/DESIGN.md §1).
 */
@Component
class StoredEvents {

    static final String COLLECTION = "events";

    private final MongoCollection<BsonDocument> events;

    StoredEvents(MongoDatabase database) {
        this.events = database.getCollection(COLLECTION, BsonDocument.class);
    }

    /** The events at global indexes {@code from..to} (inclusive), by index; an index with no event is left out. */
    Map<Long, AuditedEvent> window(long from, long to) {
        List<Long> indexes = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            indexes.add(index);
        }
        return at(indexes);
    }

    /** The events at these global indexes, by index. */
    Map<Long, AuditedEvent> at(Collection<Long> indexes) {
        Map<Long, AuditedEvent> found = new TreeMap<>();
        if (indexes.isEmpty()) {
            return found;
        }
        Set<Long> wanted = new HashSet<>(indexes);
        BsonArray values = new BsonArray();
        indexes.forEach(index -> values.add(new BsonInt64(index)));
        Set<BsonValue> seen = new HashSet<>(); // mongo-java-server returns a commit once per matching key
        for (BsonDocument commit : events.find(new BsonDocument("globalIndexes", new BsonDocument("$in", values)))) {
            if (seen.add(commit.get("_id"))) {
                for (AuditedEvent event : events(commit)) {
                    if (wanted.contains(event.globalIndex())) {
                        found.put(event.globalIndex(), event);
                    }
                }
            }
        }
        return found;
    }

    /** The events of one aggregate with sequence numbers {@code from..from+count-1} that exist, in order. */
    List<AuditedEvent> ofAggregate(String aggregateIdentifier, long from, int count) {
        BsonArray keys = new BsonArray();
        for (long sequence = from; sequence < from + count; sequence++) {
            keys.add(new BsonString(aggregateIdentifier + '/' + sequence));
        }
        Map<Long, AuditedEvent> bySequence = new TreeMap<>();
        for (BsonDocument commit : events.find(new BsonDocument("streamKeys", new BsonDocument("$in", keys)))) {
            for (AuditedEvent event : events(commit)) {
                Long sequence = event.sequenceNumber();
                if (aggregateIdentifier.equals(event.aggregateIdentifier()) && sequence != null
                        && sequence >= from && sequence < from + count) {
                    bySequence.put(sequence, event);
                }
            }
        }
        return new ArrayList<>(bySequence.values());
    }

    /** Where an event is now, by its id. */
    OptionalLong indexOf(String eventIdentifier) {
        BsonDocument commit = events.find(new BsonDocument("events.eventIdentifier", new BsonString(eventIdentifier)))
                .first();
        if (commit == null) {
            return OptionalLong.empty();
        }
        return events(commit).stream()
                .filter(event -> eventIdentifier.equals(event.eventIdentifier()))
                .mapToLong(AuditedEvent::globalIndex)
                .findFirst();
    }

    /** A commit's events, each at its commit's {@code _id} plus its offset, as the engine reads them. */
    static List<AuditedEvent> events(BsonDocument commit) {
        long position = commit.getNumber("_id").longValue();
        BsonArray stored = commit.getArray("events", new BsonArray());
        List<AuditedEvent> result = new ArrayList<>(stored.size());
        for (int offset = 0; offset < stored.size(); offset++) {
            result.add(new AuditedEvent(position + offset, stored.get(offset).asDocument()));
        }
        return result;
    }
}
