package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.query.graphql.ReadModelUpdates;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * On a single node every projection a mutation waits for runs here, so read-your-writes never polls the store: the
 * app's {@link ReadModelUpdates.Locality} finds each group's processor by the name the read models signal under.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class ClaimedSegmentsIT {

    /** The groups whose documents mutations wait for (OrderViews, ListingViews, FirmViews, SettlementViews). */
    private static final List<String> AWAITED = List.of("order-views", "listing-views", "firm-views", "settlement-views");

    @Autowired
    ReadModelUpdates.Locality locality;

    @Test
    void aSingleNode_projectsEveryAwaitedDocumentItself() throws Exception {
        assertThat(locality).isInstanceOf(ClaimedSegments.class);
        for (String group : AWAITED) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!locality.projectedHere(group, "any-aggregate") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50); // the processors claim their segments as the app starts
            }
            assertThat(locality.projectedHere(group, "any-aggregate")).as(group).isTrue();
            assertThat(locality.projectedHere(group, "another-aggregate")).as(group).isTrue();
        }
        assertThat(locality.projectedHere("no-such-group", "any-aggregate")).isFalse();
    }
}
