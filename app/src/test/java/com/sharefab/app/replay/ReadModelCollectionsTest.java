package com.sharefab.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.sharefab.app.mongo.EmbeddedMongo;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Aliases switched on another node are picked up while the app runs; a shutdown is quiet. */
class ReadModelCollectionsTest {

    @Test
    void anotherNodesSwitch_isSeenWhileRunning_andAClosingAppStopsReReadingBeforeItsClientCloses() throws Exception {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(ReadModelCollections.class);
        logger.addAppender(appender);
        try (var mongo = EmbeddedMongo.inMemory()) {
            var client = MongoClients.create(mongo.connectionString());
            MongoDatabase database = client.getDatabase("aliases");
            var collections = new ReadModelCollections(Set.of("order_views"));
            collections.postProcessAfterInitialization(database, "mongoDatabase");
            collections.start();
            assertThat(collections.isRunning()).isTrue();

            // another node switched order_views to a rebuilt collection
            database.getCollection(ReadModelCollections.ALIASES).insertOne(new Document("_id", "order_views")
                    .append("physical", "order_views_rebuild_2").append("generation", 2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReadModelCollections.REFRESH_SECONDS * 3);
            while (!collections.physical("order_views").equals("order_views_rebuild_2") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(collections.physical("order_views")).isEqualTo("order_views_rebuild_2");

            // the context closes: lifecycle beans stop first, then the client is closed
            collections.stop();
            assertThat(collections.isRunning()).isFalse();
            client.close();
            Thread.sleep(TimeUnit.SECONDS.toMillis(ReadModelCollections.REFRESH_SECONDS) + 500);
            collections.destroy();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).as("no failed re-read logged after the stop").isEmpty();
    }
}
