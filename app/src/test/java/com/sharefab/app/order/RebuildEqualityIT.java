package com.sharefab.app.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every read model, rebuilt from zero after a realistic workload (see {@link OrderWorkload}), equals the live one
 * document for document. No field is ignored: every stored time is business time (an event's timestamp or a time
 * carried in an event), none is the time of projection. A processing group added without a row here fails
 * {@link #everyProjection_hasARow}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildEqualityIT {

    /** Read models: processing group → the collections it writes. */
    static final Map<String, List<String>> READ_MODELS = new LinkedHashMap<>();

    static {
        READ_MODELS.put("firm-views", List.of("firm_views"));
        READ_MODELS.put("listing-views", List.of("listing_views"));
        READ_MODELS.put("reservation-holds", List.of("reservation_holds"));
        READ_MODELS.put("order-views", List.of("order_views"));
        READ_MODELS.put("settlement-views", List.of("settlement_views"));
        READ_MODELS.put("ledger", List.of("ledger_lines", "ledger_parties"));
    }

    /**
     * Processors that are not read models: sagas and the payment process act (they are never replayed; the payment
     * process's handlers are {@code @DisallowReplay}), the audit chain adopts what it linked, never rewrites it, and
     * the reservation metrics count from the head of the log ({@code @DisallowReplay}).
     */
    static final Set<String> NOT_READ_MODELS =
            Set.of("booking-saga", "payment-process", "audit-chain", "reservation-metrics");

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MongoDatabase database;

    @BeforeAll
    void workload() {
        new OrderWorkload(port).run();
    }

    @Test
    void everyProjection_hasARow() {
        var groups = new TreeSet<>(processing.eventProcessors().keySet());
        groups.removeIf(name -> NOT_READ_MODELS.contains(name) || name.endsWith("SagaProcessor"));
        assertThat(groups).containsExactlyInAnyOrderElementsOf(READ_MODELS.keySet());
    }

    @Test
    void everyReadModel_rebuiltFromZero_equalsTheLiveOneDocumentForDocument() throws Exception {
        for (var model : READ_MODELS.entrySet()) {
            var processor = processing.eventProcessor(model.getKey(), StreamingEventProcessor.class).orElseThrow();
            awaitTrue(() -> caughtUp(processor), () -> model.getKey() + " caught up before the rebuild");
            var live = snapshot(model.getValue());
            assertThat(live.values()).as(model.getKey() + " has documents").anyMatch(documents -> !documents.isEmpty());

            processor.shutDown();
            processor.resetTokens();
            assertThat(snapshot(model.getValue()).values()).as(model.getKey() + " emptied by its reset handler")
                    .allMatch(List::isEmpty);
            processor.start();
            awaitTrue(() -> caughtUp(processor) && !processor.isReplaying(),
                    () -> model.getKey() + " rebuilt: " + processor.processingStatus() + " replaying " + processor.isReplaying());

            var rebuilt = snapshot(model.getValue());
            for (var collection : model.getValue()) {
                assertThat(rebuilt.get(collection)).as("%s rebuilt from zero", collection)
                        .containsExactlyElementsOf(live.get(collection));
            }
        }
    }

    private static boolean caughtUp(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        return processor.isRunning() && !status.isEmpty()
                && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState()
                        // A segment stays "replaying" until an event past its reset position comes: at it is done.
                        && (s.getResetPosition().isEmpty() || s.getCurrentPosition().orElse(-1)
                                >= s.getResetPosition().getAsLong()));
    }

    private Map<String, List<Document>> snapshot(List<String> collections) {
        var snapshot = new LinkedHashMap<String, List<Document>>();
        for (var name : collections) {
            snapshot.put(name, database.getCollection(name).find().sort(new Document("_id", 1))
                    .into(new ArrayList<>()));
        }
        return snapshot;
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s: %s", what.get()).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
        TimeUnit.MILLISECONDS.sleep(200); // a batch being written as the status flipped
    }
}
