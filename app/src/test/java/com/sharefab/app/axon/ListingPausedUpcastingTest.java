package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.sharefab.eventstore.MongoCommitEventStorageEngine;
import com.sharefab.events.listing.ListingPausedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upcaster over a store that mixes both revisions of {@link ListingPausedEvent}: a revision-1 payload, stored as
 * the old code stored it (no reasonCode, payloadRevision "1"), and a revision-2 one are both read through Axon (the
 * aggregate's stream and the tracking stream) as revision 2, the old one with reasonCode UNSPECIFIED.
 */
class ListingPausedUpcastingTest {

    private static final Instant AT = Instant.parse("2026-11-01T08:00:00Z");

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private EmbeddedEventStore store;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        database = client.getDatabase("upcasting");
        var serializer = JacksonSerializer.builder().objectMapper(AxonConfiguration.axonObjectMapper())
                .lenientDeserialization().build();
        var engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(new ListingPausedEventUpcaster()))
                .build();
        engine.ensureIndexes();
        store = EmbeddedEventStore.builder().storageEngine(engine).build();
    }

    @AfterEach
    void stop() {
        store.shutDown();
        client.close();
        server.shutdownNow();
    }

    @Test
    void readEvents_storeMixingRevisions1And2_answersRevision2WithTheDefaultForTheOldOne() {
        store.publish(paused(0, new ListingPausedEvent("listing-1", "检修", AT)));
        // Make the first commit what revision 1 wrote: no reasonCode, revision "1".
        var events = database.getCollection("events");
        var result = events.updateOne(new Document("events.aggregateIdentifier", "listing-1"), new Document("$set",
                new Document("events.0.payloadRevision", "1")).append("$unset",
                new Document("events.0.payload.reasonCode", "")));
        assertThat(result.getModifiedCount()).isEqualTo(1);
        Document stored = events.find().first().getList("events", Document.class).get(0);
        assertThat(stored.getString("payloadRevision")).isEqualTo("1");
        assertThat(stored.get("payload", Document.class)).doesNotContainKey("reasonCode");

        store.publish(paused(1, new ListingPausedEvent("listing-1", "满产", AT.plusSeconds(60), "FULL")));
        assertThat(events.find().into(new ArrayList<>()).get(1).getList("events", Document.class).get(0)
                .getString("payloadRevision")).isEqualTo("2");

        List<Object> fromStream = new ArrayList<>();
        store.readEvents("listing-1").forEachRemaining(message -> fromStream.add(message.getPayload()));
        var expected = List.<Object>of(new ListingPausedEvent("listing-1", "检修", AT, "UNSPECIFIED"),
                new ListingPausedEvent("listing-1", "满产", AT.plusSeconds(60), "FULL"));
        assertThat(fromStream).isEqualTo(expected);

        List<Object> tracked = new ArrayList<>();
        try (var stream = store.openStream(null)) {
            while (tracked.size() < 2 && stream.hasNextAvailable()) {
                tracked.add(stream.nextAvailable().getPayload());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(tracked).isEqualTo(expected);
    }

    private static DomainEventMessage<ListingPausedEvent> paused(long sequence, ListingPausedEvent event) {
        return new GenericDomainEventMessage<>("CapacityListing", event.listingId(), sequence, event);
    }
}
