package com.sharefab.app.cluster;

import com.sharefab.app.SharefabApplication;
import com.sharefab.app.mongo.EmbeddedMongo;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** App nodes in this JVM sharing one embedded MongoDB server, as the several-nodes ITs start them. */
public final class Nodes {

    private Nodes() {}

    /** A node on a free port, named {@code nodeId} in its token claims, on {@code mongo}. */
    public static ConfigurableApplicationContext start(EmbeddedMongo mongo, String nodeId) {
        return new SpringApplicationBuilder(SharefabApplication.class)
                .run("--server.port=0", "--sharefab.mongodb.uri=" + mongo.connectionString(),
                        "--sharefab.node-id=" + nodeId);
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** Stops the nodes (null ones skipped), last started first, then the server. */
    public static void stop(EmbeddedMongo mongo, ConfigurableApplicationContext... nodes) {
        for (int i = nodes.length - 1; i >= 0; i--) {
            if (nodes[i] != null) {
                nodes[i].close();
            }
        }
        if (mongo != null) {
            mongo.close();
        }
    }
}
