package com.sharefab.command.firm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsccRegistryTest {

    private static final String USCC = "91350100M000100Y43";

    private static MongoServer server;
    private static MongoClient client;

    private MongoDatabase database;
    private UsccRegistry registry;
    private EventStore eventStore;

    @BeforeAll
    static void startServer() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void setUp() {
        database = client.getDatabase("uscc-" + System.nanoTime());
        registry = new UsccRegistry(database);
        eventStore = mock(EventStore.class);
        when(eventStore.lastSequenceNumberFor("firm-a")).thenReturn(Optional.of(0L));
    }

    @Test
    void claim_freeCode_isGranted() {
        assertThat(registry.claim(USCC, "firm-a", eventStore)).isTrue();
    }

    @Test
    void claim_sameFirmAgain_isGranted() {
        registry.claim(USCC, "firm-a", eventStore);

        assertThat(registry.claim(USCC, "firm-a", eventStore)).isTrue();
    }

    @Test
    void claim_heldByRegisteredFirm_isRefused() {
        registry.claim(USCC, "firm-a", eventStore);

        assertThat(registry.claim(USCC, "firm-b", eventStore)).isFalse();
    }

    @Test
    void claim_freshClaimOfUnregisteredFirm_isRefused() {
        when(eventStore.lastSequenceNumberFor("firm-a")).thenReturn(Optional.empty());
        registry.claim(USCC, "firm-a", eventStore); // firm-a's registration is still in flight

        assertThat(registry.claim(USCC, "firm-b", eventStore)).isFalse();
    }

    @Test
    void claim_abandonedClaimOfUnregisteredFirm_isTakenOver() {
        when(eventStore.lastSequenceNumberFor("firm-a")).thenReturn(Optional.empty());
        database.getCollection(UsccRegistry.COLLECTION).insertOne(new Document("_id", USCC)
                .append("firmId", "firm-a")
                .append("claimedAt", Date.from(Instant.now().minus(UsccRegistry.ABANDONED_AFTER).minusSeconds(1))));

        assertThat(registry.claim(USCC, "firm-b", eventStore)).isTrue();
        assertThat(registry.claim(USCC, "firm-a", eventStore)).isFalse();
    }
}
