package com.sharefab.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.sharefab.app.GraphQlClients;
import com.sharefab.app.firm.UsccTestCodes;
import com.sharefab.audit.BundleVerifier;
import com.sharefab.audit.Finding;
import com.sharefab.audit.TamperKind;
import com.sharefab.audit.VerificationResult;
import com.sharefab.events.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Tamper evidence end to end: the chain follows the store, and after one stored event is changed by hand (one byte
 * flipped, one removed, two swapped) both {@code verifyEventStore} and the offline verifier on an export name exactly
 * that event. Every tampering is undone after its test, so the tests share one app.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sharefab.mongodb.embedded=memory",
            "sharefab.audit.checkpoint-interval=3",
            "sharefab.data-dir=target/audit-it-data"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT {

    private static final Actor AUDITOR = GraphQlClients.AUDITOR;
    private static final Path VERIFIER_JAR = Path.of("../audit/target/sharefab-audit-verifier.jar");

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    EventProcessingConfiguration processing;

    @TempDir
    Path temp;

    private final List<String> firmIds = new ArrayList<>();
    private final List<BsonDocument> saved = new ArrayList<>();
    private MongoCollection<BsonDocument> events;

    @BeforeAll
    void registerFirms() throws InterruptedException {
        events = database.getCollection("events", BsonDocument.class);
        for (int i = 0; i < 7; i++) {
            String firmId = UUID.randomUUID().toString();
            // The operator signs them up: one actor for all seven, so the history can be filtered by who acted.
            GraphQlClients.as(port, GraphQlClients.OPERATOR).documentName("registerFirm")
                    .variable("input", Map.of(
                            "firmId", firmId, "name", "审计厂" + i, "uscc", UsccTestCodes.next(),
                            "roles", List.of("FACTORY"), "contactName", "李", "contactPhone", "13800000000"))
                    .execute()
                    .errors().verify();
            firmIds.add(firmId);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var verification = verify();
            if (verification.path("verifyEventStore.unchainedEvents").entity(Long.class).get() == 0
                    && verification.path("verifyEventStore.chainedThrough").entity(Long.class).get() >= 7) {
                break;
            }
            assertThat(System.nanoTime()).as("the chain caught up within 30 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @AfterEach
    void undoTampering() {
        for (BsonDocument original : saved) {
            events.deleteOne(new BsonDocument("_id", original.get("_id")));
        }
        for (BsonDocument original : saved) {
            events.insertOne(original);
        }
        saved.clear();
    }

    @Test
    void verifyEventStore_untouchedStore_isOkAndTheExportVerifiesOffline() throws Exception {
        var verification = verify();
        verification.path("verifyEventStore.ok").entity(Boolean.class).isEqualTo(true);
        verification.path("verifyEventStore.firstBadEvent").valueIsNull();
        assertThat(verification.path("verifyEventStore.checkedCheckpoints").entity(Integer.class).get())
                .isGreaterThanOrEqualTo(2);

        Path bundle = export("2020-01-01T00:00:00Z");
        VerificationResult offline = verifyOffline(bundle);
        assertThat(offline.ok()).as(offline.describe()).isTrue();
        assertThat(runJar(bundle)).startsWith("0:OK");

        // A range that starts mid-store: the bundle starts from the link before it and still ends on a signature.
        String middle = GraphQlClients.as(port, AUDITOR).documentName("aggregateHistory")
                .variable("aggregateId", firmIds.get(4)).execute()
                .path("aggregateHistory.edges[0].node.timestamp").entity(String.class).get();
        VerificationResult partial = verifyOffline(export(middle));
        assertThat(partial.ok()).as(partial.describe()).isTrue();
        assertThat(partial.firstGlobalIndex()).isGreaterThan(1);
    }

    @Test
    void resetAuditChainProcessor_replaysEverything_changesNoLink() throws Exception {
        var before = database.getCollection(AuditChainStore.CHAIN, BsonDocument.class).find()
                .sort(new BsonDocument("_id", new org.bson.BsonInt32(1))).into(new ArrayList<>());
        var processor = processing.eventProcessor(AuditChainProcessor.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processor.isReplaying()) {
            assertThat(System.nanoTime()).as("replayed within 30 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
        var after = database.getCollection(AuditChainStore.CHAIN, BsonDocument.class).find()
                .sort(new BsonDocument("_id", new org.bson.BsonInt32(1))).into(new ArrayList<>());
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        verify().path("verifyEventStore.ok").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void verify_oneByteOfOneEventFlipped_namesThatEvent() throws Exception {
        var commit = commitOf(firmIds.get(2));
        long index = commit.getNumber("_id").longValue();
        String eventId = eventId(commit);
        var tampered = commit.clone();
        var payload = tampered.getArray("events").get(0).asDocument().getDocument("payload");
        payload.put("contactPhone", new BsonString("13800000001")); // '0' (0x30) -> '1' (0x31): one byte
        save(commit);
        events.replaceOne(new BsonDocument("_id", commit.get("_id")), tampered);

        assertFinding(index, TamperKind.ALTERED, eventId, eventId);
    }

    @Test
    void verify_oneEventDeleted_namesThatEvent() throws Exception {
        var commit = commitOf(firmIds.get(3));
        long index = commit.getNumber("_id").longValue();
        String eventId = eventId(commit);
        save(commit);
        events.deleteOne(new BsonDocument("_id", commit.get("_id")));

        assertFinding(index, TamperKind.REMOVED, eventId, null);
    }

    @Test
    void verify_twoEventsSwapped_namesTheFirstOfThem() throws Exception {
        var first = commitOf(firmIds.get(1));
        var second = commitOf(firmIds.get(5));
        save(first);
        save(second);
        var firstSwapped = first.clone();
        firstSwapped.put("events", second.getArray("events"));
        var secondSwapped = second.clone();
        secondSwapped.put("events", first.getArray("events"));
        events.deleteOne(new BsonDocument("_id", first.get("_id")));
        events.deleteOne(new BsonDocument("_id", second.get("_id")));
        events.insertOne(firstSwapped);
        events.insertOne(secondSwapped);

        assertFinding(first.getNumber("_id").longValue(), TamperKind.REORDERED, eventId(first), eventId(second));
    }

    @Test
    void history_ofOneAggregateAndByType_showEventsWithWhoAndWhy() {
        String firmId = firmIds.get(0);
        var history = GraphQlClients.as(port, AUDITOR).documentName("aggregateHistory")
                .variable("aggregateId", firmId)
                .execute();
        history.path("aggregateHistory.edges").entityList(Object.class).hasSize(1);
        history.path("aggregateHistory.edges[0].node.payloadType").entity(String.class)
                .isEqualTo("com.sharefab.events.firm.FirmRegisteredEvent");
        history.path("aggregateHistory.edges[0].node.sequenceNumber").entity(Long.class).isEqualTo(0L);
        history.path("aggregateHistory.edges[0].node.payload.contactPhone").entity(String.class)
                .isEqualTo("13800000000");
        history.path("aggregateHistory.edges[0].node.actorRole").entity(String.class).isEqualTo("OPERATOR");
        history.path("aggregateHistory.edges[0].node.correlationId").entity(String.class)
                .satisfies(id -> assertThat(id).isNotBlank());
        history.path("aggregateHistory.edges[0].node.requestId").entity(String.class)
                .satisfies(id -> assertThat(id).isNotBlank());
        String actorId = history.path("aggregateHistory.edges[0].node.actorId").entity(String.class).get();
        history.path("aggregateHistory.edges[0].node.metadata.actorId").entity(String.class).isEqualTo(actorId);

        var filter = Map.of("payloadType", "com.sharefab.events.firm.FirmRegisteredEvent", "actorId", actorId);
        var page1 = GraphQlClients.as(port, AUDITOR).documentName("auditEvents")
                .variable("filter", filter).variable("first", 4).execute();
        List<Long> indexes = new ArrayList<>(
                page1.path("auditEvents.edges[*].node.globalIndex").entityList(Long.class).hasSize(4).get());
        page1.path("auditEvents.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor = page1.path("auditEvents.pageInfo.endCursor").entity(String.class).get();
        var page2 = GraphQlClients.as(port, AUDITOR).documentName("auditEvents")
                .variable("filter", filter).variable("first", 100).variable("after", cursor).execute();
        indexes.addAll(page2.path("auditEvents.edges[*].node.globalIndex").entityList(Long.class).get());
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(7).isSorted().doesNotHaveDuplicates();

        GraphQlClients.as(port, AUDITOR).documentName("auditEvents")
                .variable("filter", Map.of("actorId", "nobody-" + UUID.randomUUID()))
                .execute()
                .path("auditEvents.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void listingAsOf_eachStepOfItsLife_answersWhatItLookedLikeThen() {
        String firmId = UUID.randomUUID().toString();
        var factory = GraphQlClients.as(port, GraphQlClients.actor(firmId, "FACTORY"));
        factory.documentName("registerFirm")
                .variable("input", Map.of(
                        "firmId", firmId, "name", "审计绣花厂", "uscc", UsccTestCodes.next(),
                        "roles", List.of("FACTORY"), "contactName", "王", "contactPhone", "13800000000"))
                .execute().errors().verify();
        String listingId = "listing-" + UUID.randomUUID();
        var publication = new java.util.LinkedHashMap<String, Object>();
        publication.put("listingId", listingId);
        publication.put("stepCode", "headwear.embroidery");
        publication.put("unit", "piece");
        publication.put("unitPriceFen", 150);
        publication.put("minOrderQuantity", 1);
        publication.put("dailyCapacity", 100);
        publication.put("bookableFrom", java.time.LocalDate.now().plusDays(2).toString());
        publication.put("bookableTo", java.time.LocalDate.now().plusDays(30).toString());
        publication.put("closedDays", List.of());
        publication.put("leadTimeDays", 0);
        publication.put("province", "山东");
        publication.put("city", "青岛");
        publication.put("requiredMaterials", List.of("caps"));
        publication.put("qualityStandard", "GB/T 2912");
        factory.documentName("publishListing").variable("input", publication).execute().errors().verify();
        factory.documentName("changeListingPrice")
                .variable("input", Map.of("listingId", listingId, "unitPriceFen", 200))
                .execute().errors().verify();
        factory.documentName("pauseListing").variable("input", Map.of("listingId", listingId))
                .execute().errors().verify();

        var history = GraphQlClients.as(port, AUDITOR).documentName("aggregateHistory")
                .variable("aggregateId", listingId).execute();
        List<Long> indexes = history.path("aggregateHistory.edges[*].node.globalIndex").entityList(Long.class)
                .hasSize(3).get();
        List<String> timestamps = history.path("aggregateHistory.edges[*].node.timestamp").entityList(String.class)
                .get();
        List<List<Object>> expected = List.of(List.of(150, "ACTIVE"), List.of(200, "ACTIVE"), List.of(200, "PAUSED"));
        for (int step = 0; step < 3; step++) {
            for (var at : List.of(Map.<String, Object>of("globalIndex", indexes.get(step)),
                    Map.<String, Object>of("at", timestamps.get(step)))) {
                var asOf = GraphQlClients.as(port, AUDITOR).documentName("listingAsOf")
                        .variable("listingId", listingId).variables(at).execute();
                assertThat(List.<Object>of(asOf.path("listingAsOf.unitPrice.fen").entity(Integer.class).get(),
                                asOf.path("listingAsOf.status").entity(String.class).get()))
                        .as("step %d %s", step, at)
                        .isEqualTo(expected.get(step));
            }
        }
        GraphQlClients.as(port, AUDITOR).documentName("listingAsOf")
                .variable("listingId", listingId).variable("globalIndex", indexes.get(0) - 1).execute()
                .path("listingAsOf").valueIsNull();
    }

    @Test
    void everyAuditField_anyRoleButAuditor_isForbidden_withoutTokenUnauthenticated() {
        var others = Map.<GraphQlTester, String>of(
                GraphQlClients.http(port), "UNAUTHENTICATED",
                GraphQlClients.as(port, GraphQlClients.actor(firmIds.get(0), "BUYER")), "FORBIDDEN",
                GraphQlClients.as(port, GraphQlClients.actor(firmIds.get(0), "FACTORY")), "FORBIDDEN",
                GraphQlClients.as(port, GraphQlClients.OPERATOR), "FORBIDDEN");
        others.forEach((tester, code) -> {
            assertRefused(tester.documentName("aggregateHistory").variable("aggregateId", firmIds.get(0)), code);
            assertRefused(tester.documentName("auditEvents"), code);
            assertRefused(tester.documentName("verifyEventStore"), code);
            assertRefused(tester.documentName("listingAsOf").variable("listingId", "l").variable("globalIndex", 1),
                    code);
            assertRefused(tester.documentName("exportAuditBundle")
                    .variable("from", "2020-01-01T00:00:00Z").variable("to", "2100-01-01T00:00:00Z"), code);
        });
    }

    @Test
    void exportDownload_needsTheAuditorsTokenBesidesTheLink() throws Exception {
        var payload = GraphQlClients.as(port, AUDITOR).documentName("exportAuditBundle")
                .variable("from", "2020-01-01T00:00:00Z")
                .variable("to", Instant.now().plusSeconds(3600).toString())
                .execute();
        URI url = URI.create("http://127.0.0.1:" + port
                + payload.path("exportAuditBundle.url").entity(String.class).get());

        assertThat(download(url, null).statusCode()).as("the link alone").isEqualTo(401);
        assertThat(download(url, GraphQlClients.actor(firmIds.get(0), "FACTORY")).statusCode())
                .as("a firm's user").isEqualTo(403);
        assertThat(download(url, GraphQlClients.OPERATOR).statusCode()).as("the operator").isEqualTo(403);
        assertThat(download(url, AUDITOR).statusCode()).isEqualTo(200);
        assertThat(download(URI.create("http://127.0.0.1:" + port + "/audit/exports/" + UUID.randomUUID()), AUDITOR)
                .statusCode()).as("an unknown link").isEqualTo(404);
    }

    private HttpResponse<byte[]> download(URI url, Actor actor) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url);
        if (actor != null) {
            request.header("Authorization", "Bearer " + GraphQlClients.token(port, actor));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertRefused(GraphQlTester.Request<?> request, String code) {
        request.execute().errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getExtensions()).containsEntry("code", code);
        });
    }

    /** The finding must be the same in the app, in the offline verifier on an export, and from the jar. */
    private void assertFinding(long index, TamperKind kind, String expectedEventId, String foundEventId)
            throws Exception {
        var verification = verify();
        verification.path("verifyEventStore.ok").entity(Boolean.class).isEqualTo(false);
        verification.path("verifyEventStore.firstBadEvent.globalIndex").entity(Long.class).isEqualTo(index);
        verification.path("verifyEventStore.firstBadEvent.kind").entity(String.class).isEqualTo(kind.name());
        verification.path("verifyEventStore.firstBadEvent.expectedEventId").entity(String.class)
                .isEqualTo(expectedEventId);
        if (foundEventId == null) {
            verification.path("verifyEventStore.firstBadEvent.foundEventId").valueIsNull();
        } else {
            verification.path("verifyEventStore.firstBadEvent.foundEventId").entity(String.class)
                    .isEqualTo(foundEventId);
        }

        Path bundle = export("2020-01-01T00:00:00Z");
        VerificationResult offline = verifyOffline(bundle);
        assertThat(offline.finding()).as(offline.describe())
                .extracting(Finding::globalIndex, Finding::kind, Finding::expectedEventId, Finding::foundEventId)
                .containsExactly(index, kind, expectedEventId, foundEventId);
        assertThat(runJar(bundle)).startsWith("1:TAMPERED at global index " + index + " (" + kind + ")")
                .contains(expectedEventId);
    }

    private GraphQlTester.Response verify() {
        return GraphQlClients.as(port, AUDITOR).documentName("verifyEventStore").execute();
    }

    /** Exports everything as an auditor would, and downloads the bundle. */
    private Path export(String from) throws IOException, InterruptedException {
        var payload = GraphQlClients.as(port, AUDITOR).documentName("exportAuditBundle")
                .variable("from", from)
                .variable("to", Instant.now().plusSeconds(3600).toString())
                .execute();
        String url = payload.path("exportAuditBundle.url").entity(String.class).get();
        String sha256 = payload.path("exportAuditBundle.sha256").entity(String.class).get();
        Path file = temp.resolve(UUID.randomUUID() + ".zip");
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url))
                        .header("Authorization", "Bearer " + GraphQlClients.token(port, AUDITOR)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(com.sharefab.audit.HashChain.hash(Files.readAllBytes(file))).isEqualTo(sha256);
        return file;
    }

    private static VerificationResult verifyOffline(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            return BundleVerifier.verify(in, null);
        }
    }

    /** {@code java -jar sharefab-audit-verifier.jar bundle.zip}: "exit code:first line". */
    private static String runJar(Path bundle) throws IOException, InterruptedException {
        assertThat(VERIFIER_JAR).as("built by the audit module's package phase").exists();
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", VERIFIER_JAR.toString(), bundle.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }

    private BsonDocument commitOf(String firmId) {
        var commit = events.find(new BsonDocument("streamKeys", new BsonString(firmId + "/0"))).first();
        assertThat(commit).as("the commit of firm %s", firmId).isNotNull();
        assertThat(commit.getArray("events")).hasSize(1);
        return commit;
    }

    private static String eventId(BsonDocument commit) {
        return commit.getArray("events").get(0).asDocument().getString("eventIdentifier").getValue();
    }

    private void save(BsonDocument commit) {
        saved.add(commit.clone());
    }

}
