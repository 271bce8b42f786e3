package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.firm.FirmRegisteredEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every event records who did it (from the token), for which firm, in which role, and which request caused it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class EventMetadataIT {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    MongoDatabase database;

    @Test
    void registerFirm_withRequestId_eventCarriesActorFirmRoleRequestAndCorrelation() {
        var firmId = UUID.randomUUID().toString();
        var founder = new Actor("user-wang", firmId, "FACTORY");
        GraphQlClients.as(port, founder).mutate().header("X-Request-Id", "phone-req-42").build()
                .documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId, "name", "青岛织带厂", "uscc", UsccTestCodes.next(), "roles", List.of("BUYER"),
                        "contactName", "张", "contactPhone", "13800000000"))
                .execute()
                .errors().verify();

        var event = eventStore.readEvents(firmId).asStream().findFirst().orElseThrow();

        assertThat(event.getPayload()).isInstanceOf(FirmRegisteredEvent.class);
        assertThat(event.getMetaData())
                .containsEntry(EventMetadata.ACTOR_ID, "user-wang")
                .containsEntry(EventMetadata.ACTOR_FIRM_ID, firmId)
                .containsEntry(EventMetadata.ACTOR_ROLE, "FACTORY")
                .containsEntry(EventMetadata.REQUEST_ID, "phone-req-42")
                .containsKey(EventMetadata.CORRELATION_ID)
                .containsKey(EventMetadata.CAUSATION_ID);
        assertThat(event.getTimestamp()).isNotNull();
    }

    @Test
    void registerFirm_storedEvent_isReadableFieldsNotBlobs() {
        var firmId = UUID.randomUUID().toString();
        var uscc = UsccTestCodes.next();
        GraphQlClients.as(port, GraphQlClients.actor(firmId, "BUYER")).documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId, "name", "青岛织带厂", "uscc", uscc, "roles", List.of("BUYER"),
                        "contactName", "张", "contactPhone", "13800000000"))
                .execute()
                .errors().verify();

        Document commit = database.getCollection("events").find(new Document("streamKeys", firmId + "/0")).first();

        assertThat(commit).isNotNull();
        var stored = commit.getList("events", Document.class).get(0);
        assertThat(stored.getString("payloadType")).isEqualTo(FirmRegisteredEvent.class.getName());
        assertThat(stored.getString("payloadRevision")).isEqualTo("1");
        assertThat(stored.get("payload", Document.class).getString("uscc")).isEqualTo(uscc);
        assertThat(stored.get("metaData", Document.class).getString(EventMetadata.ACTOR_FIRM_ID)).isEqualTo(firmId);
    }
}
