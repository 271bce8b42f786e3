package com.sharefab.query.firm;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.sharefab.events.firm.FirmRegisteredEvent;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.query.TestMongo;
import com.sharefab.query.graphql.Cursors;
import com.sharefab.query.graphql.ReadModelUpdates;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The firm projection against the embedded MongoDB wire server, reached through the real driver. */
class FirmProjectionTest {

    @AutoClose
    private static final TestMongo mongo = new TestMongo();

    private MongoDatabase database;
    private FirmViews views;
    private FirmProjection projection;

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        views = new FirmViews(database, new ReadModelUpdates());
        projection = new FirmProjection(views);
    }

    @Test
    void on_firmRegistered_firmIsReadable() {
        projection.on(registered("firm-a", "91350100M000100Y43"), 0);

        var firm = views.find("firm-a").orElseThrow();
        assertThat(firm.name()).isEqualTo("Firm firm-a");
        assertThat(firm.uscc()).isEqualTo("91350100M000100Y43");
        assertThat(firm.roles()).containsExactly(FirmRole.BUYER, FirmRole.FACTORY);
        assertThat(firm.registeredAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
    }

    @Test
    void on_sameEventTwice_leavesOneIdenticalDocument() {
        var event = registered("firm-a", "91350100M000100Y43");
        projection.on(event, 0);
        var first = database.getCollection(FirmViews.COLLECTION).find().first();

        projection.on(event, 0);

        assertThat(database.getCollection(FirmViews.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(database.getCollection(FirmViews.COLLECTION).find().first()).isEqualTo(first);
    }

    @Test
    void reset_afterFirms_leavesNone() {
        projection.on(registered("firm-a", "91350100M000100Y43"), 0);

        projection.reset();

        assertThat(views.find("firm-a")).isEmpty();
    }

    @Test
    void firmAndFirms_asAFirmsOwnUser_showOnlyThatFirm() {
        for (var id : new String[] {"c", "a", "b"}) {
            projection.on(registered(id, "91350100M000100Y43"), 0);
        }
        var controller = new FirmQueryController(views);
        var buyerOfB = new com.sharefab.events.Actor("u", "b", "BUYER");

        assertThat(controller.firms(10, null, buyerOfB).edges()).extracting(e -> e.node().id()).containsExactly("b");
        assertThat(controller.firm("b", buyerOfB)).isNotNull();
        assertThat(controller.firm("a", buyerOfB)).as("another firm's record").isNull();
        assertThat(controller.firm("a", com.sharefab.events.Actor.anonymous())).isNull();
        assertThat(controller.firms(10, null, com.sharefab.events.Actor.anonymous()).edges()).isEmpty();
    }

    @Test
    void page_threeFirmsInPagesOfTwo_walksAllInIdOrder() {
        for (var id : new String[] {"c", "a", "b"}) {
            projection.on(registered(id, "91350100M000100Y43"), 0);
        }
        var controller = new FirmQueryController(views);

        var auditor = new com.sharefab.events.Actor("u", "audit-firm", "AUDITOR");
        var first = controller.firms(2, null, auditor);
        var second = controller.firms(2, first.pageInfo().endCursor(), auditor);

        assertThat(first.edges()).extracting(e -> e.node().id()).containsExactly("a", "b");
        assertThat(first.pageInfo().hasNextPage()).isTrue();
        assertThat(second.edges()).extracting(e -> e.node().id()).containsExactly("c");
        assertThat(second.pageInfo().hasNextPage()).isFalse();
        assertThat(Cursors.decode(second.pageInfo().endCursor())).isEqualTo("c");
    }

    @Test
    void awaitProjected_eventProjectedWhileWaiting_answersTheFirm() throws Exception {
        var waiting = CompletableFuture.supplyAsync(() -> views.awaitProjected("firm-late", Duration.ofSeconds(5)));
        TimeUnit.MILLISECONDS.sleep(100);

        projection.on(registered("firm-late", "91350100M000100Y43"), 0);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo("firm-late"));
    }

    @Test
    void awaitProjected_neverProjected_isEmptyAfterTimeout() {
        assertThat(views.awaitProjected("firm-never", Duration.ofMillis(100))).isEmpty();
    }

    private static FirmRegisteredEvent registered(String id, String uscc) {
        return new FirmRegisteredEvent(
                id, "Firm " + id, uscc, Set.of(FirmRole.FACTORY, FirmRole.BUYER), "Li", "13800000000", null,
                Instant.parse("2026-11-22T08:00:00Z"));
    }
}
