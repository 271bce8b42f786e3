package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.events.firm.FirmRegisteredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * Replays over our event store and token store: a read model rebuilt from zero equals the live one, and a
 * {@code @DisallowReplay} side effect does not run again (Axon #4453 bit that with axon-mongo's own token).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class ReplayIT {

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MongoDatabase database;

    @Autowired
    ReplayProbe probe;

    @Test
    void resetFirmViews_afterRegistrations_rebuildsTheSameDocuments() throws Exception {
        registerFirms(3);
        var live = firmViews();

        replay("firm-views", () -> firmViews().equals(live));

        assertThat(firmViews()).isEqualTo(live).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void resetProcessor_disallowReplayHandler_doesNotRunAgain() throws Exception {
        registerFirms(2);
        awaitTrue(() -> probe.everyTime.get() >= 2 && probe.sideEffects.get() == probe.everyTime.get());
        int before = probe.everyTime.get();

        replay(ReplayProbe.GROUP, () -> probe.everyTime.get() == 2 * before);

        assertThat(probe.everyTime.get()).isEqualTo(2 * before);
        assertThat(probe.sideEffects.get()).as("side effects after a replay").isEqualTo(before);
    }

    private void replay(String group, BooleanSupplier done) throws Exception {
        var processor = processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitTrue(() -> done.getAsBoolean() && !processor.isReplaying());
    }

    private List<Document> firmViews() {
        return database.getCollection("firm_views").find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private void registerFirms(int count) {
        for (int i = 0; i < count; i++) {
            GraphQlClients.as(port, GraphQlClients.OPERATOR).documentName("registerFirm")
                    .variable("input", Map.of(
                            "firmId", UUID.randomUUID().toString(), "name", "厂" + i, "uscc", UsccTestCodes.next(),
                            "roles", List.of("FACTORY"), "contactName", "王", "contactPhone", "13800000000"))
                    .execute()
                    .errors().verify();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @TestConfiguration
    static class ProbeConfiguration {
        @Bean
        ReplayProbe replayProbe() {
            return new ReplayProbe();
        }

        @Bean
        WelcomeMessages welcomeMessages(ReplayProbe probe) {
            return new WelcomeMessages(probe);
        }
    }

    /** Counts every firm event it sees, replays included. */
    @ProcessingGroup(ReplayProbe.GROUP)
    static class ReplayProbe {
        static final String GROUP = "replay-probe";
        final AtomicInteger everyTime = new AtomicInteger();
        final AtomicInteger sideEffects = new AtomicInteger();

        @EventHandler
        void on(FirmRegisteredEvent event) {
            everyTime.incrementAndGet();
        }
    }

    /**
     * A side effect that must not repeat, in the same processing group (a separate component: Axon calls one
     * handler per event in a component).
     */
    @ProcessingGroup(ReplayProbe.GROUP)
    static class WelcomeMessages {
        private final ReplayProbe probe;

        WelcomeMessages(ReplayProbe probe) {
            this.probe = probe;
        }

        @EventHandler
        @DisallowReplay
        void sendWelcomeMessage(FirmRegisteredEvent event) {
            probe.sideEffects.incrementAndGet();
        }
    }
}
