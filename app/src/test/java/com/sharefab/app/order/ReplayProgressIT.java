package com.sharefab.app.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.app.GraphQlClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ResponseError;

/**
 * Replay with progress (issue 7): after a realistic workload an operator rebuilds read models through GraphQL; the
 * live ones keep answering meanwhile, progress shows events done of total, and once switched the rebuilt
 * collections equal the old ones document for document, the aliases point at them, the live processors go on
 * writing there, and nothing acted twice (no extra events: the payment process and sagas never ran again).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory"})
class ReplayProgressIT {

    private static final String STATUS = "{ id readModel state collections eventsDone eventsTotal eventsPerSecond"
            + " secondsLeft startedAt finishedAt error }";

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    MeterRegistry registry;

    @Test
    void startReplay_afterAWorkload_rebuildsIntoFreshCollectionsAndSwitches() throws Exception {
        var workload = new OrderWorkload(port);
        var orders = workload.run();
        long eventsBefore = database.getCollection("events").countDocuments();
        var operator = GraphQlClients.as(port, GraphQlClients.OPERATOR);

        for (var model : List.of("order-views", "settlement-views", "ledger", "firm-views", "listing-views",
                "reservation-holds")) {
            var collections = RebuildEqualityIT.READ_MODELS.get(model);
            var live = snapshot(collections);

            var started = operator.document("mutation($m: String!) { startReplay(readModel: $m) " + STATUS + " }")
                    .variable("m", model).execute().errors().verify()
                    .path("startReplay").entity(Map.class).get();
            assertThat(started.get("state")).isEqualTo("RUNNING");
            // The live model keeps serving while it runs.
            workload.awaitOrder(orders.get(0), "SETTLED");

            var done = OrderItData.eventually(Duration.ofSeconds(60), () -> status(operator, model),
                    s -> s != null && !"RUNNING".equals(s.get("state")), model + " switched");
            assertThat(done.get("state")).as(model + ": " + done.get("error")).isEqualTo("SWITCHED");
            assertThat(((Number) done.get("eventsDone")).longValue()).isPositive()
                    .isEqualTo(((Number) done.get("eventsTotal")).longValue());
            assertThat(done.get("finishedAt")).isNotNull();
            // the same progress in the metrics, under the replay's id
            var task = "replay:" + done.get("id");
            assertThat(registry.get("sharefab.progress.done").tag("task", task).gauge().value())
                    .isEqualTo(((Number) done.get("eventsDone")).doubleValue());
            assertThat(registry.get("sharefab.progress.expected").tag("task", task).gauge().value())
                    .isEqualTo(((Number) done.get("eventsTotal")).doubleValue());
            assertThat(registry.get("sharefab.progress.remaining").tag("task", task).gauge().value()).isZero();

            @SuppressWarnings("unchecked")
            var rebuiltNames = (List<String>) done.get("collections");
            for (int i = 0; i < collections.size(); i++) {
                var alias = database.getCollection("read_model_aliases")
                        .find(new Document("_id", collections.get(i))).first();
                assertThat(alias).isNotNull();
                assertThat(alias.getString("physical")).isEqualTo(rebuiltNames.get(i))
                        .startsWith(collections.get(i) + "_rebuild_");
                // The repositories (and this test's database bean) now read the rebuilt collection.
                assertThat(database.getCollection(collections.get(i)).find().sort(new Document("_id", 1))
                        .into(new ArrayList<>())).as(collections.get(i) + " rebuilt")
                        .containsExactlyElementsOf(live.get(collections.get(i)));
            }
        }
        assertThat(database.getCollection("events").countDocuments()).as("no command was sent again")
                .isEqualTo(eventsBefore);

        // After the switch the live processors write into the rebuilt collections.
        var more = new OrderWorkload(port).run();
        workload.awaitOrder(more.get(0), "SETTLED");
        assertThat(database.getCollection("order_views").find(new Document("_id", more.get(0))).first()).isNotNull();
        var physical = database.getCollection("read_model_aliases").find(new Document("_id", "order_views")).first()
                .getString("physical");
        assertThat(database.getCollection(physical).find(new Document("_id", more.get(0))).first()).isNotNull();
    }

    @Test
    void replayFields_anyRoleButOperator_isForbidden() {
        for (var actor : List.of(GraphQlClients.AUDITOR, GraphQlClients.actor("f", "FACTORY"))) {
            var response = GraphQlClients.as(port, actor).document("{ replayStatus { id } }").execute();
            var errors = new ArrayList<ResponseError>();
            response.errors().satisfy(errors::addAll);
            assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(org.springframework.graphql.test.tester.HttpGraphQlTester operator,
            String model) {
        List<Map<String, Object>> all = operator.document("{ replayStatus " + STATUS + " }").execute()
                .errors().verify().path("replayStatus").entityList(Map.class).get().stream()
                .map(m -> (Map<String, Object>) m).toList();
        return all.stream().filter(s -> model.equals(s.get("readModel"))).findFirst().orElse(null);
    }

    private Map<String, List<Document>> snapshot(List<String> collections) {
        var snapshot = new java.util.LinkedHashMap<String, List<Document>>();
        for (var name : collections) {
            snapshot.put(name, database.getCollection(name).find().sort(new Document("_id", 1))
                    .into(new ArrayList<>()));
        }
        return snapshot;
    }
}
