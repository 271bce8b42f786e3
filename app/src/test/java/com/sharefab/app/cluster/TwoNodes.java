package com.sharefab.app.cluster;

import com.sharefab.app.mongo.EmbeddedMongo;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two app nodes in this JVM, node-a and node-b, on one in-memory embedded MongoDB server: what the several-nodes ITs
 * start before their tests. Closing stops node B, then node A, then the server.
 */
public final class TwoNodes implements AutoCloseable {

    private final EmbeddedMongo mongo;
    private final ConfigurableApplicationContext nodeA;
    private final ConfigurableApplicationContext nodeB;

    private TwoNodes(EmbeddedMongo mongo, ConfigurableApplicationContext nodeA, ConfigurableApplicationContext nodeB) {
        this.mongo = mongo;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    /** Starts the server, then node A, then node B; if a node fails to start, stops what did start. */
    public static TwoNodes start() {
        var mongo = EmbeddedMongo.inMemory();
        ConfigurableApplicationContext nodeA = null;
        try {
            nodeA = Nodes.start(mongo, "node-a");
            return new TwoNodes(mongo, nodeA, Nodes.start(mongo, "node-b"));
        } catch (RuntimeException | Error e) {
            Nodes.stop(mongo, nodeA);
            throw e;
        }
    }

    public ConfigurableApplicationContext nodeA() {
        return nodeA;
    }

    public ConfigurableApplicationContext nodeB() {
        return nodeB;
    }

    public int portA() {
        return Nodes.port(nodeA);
    }

    public int portB() {
        return Nodes.port(nodeB);
    }

    @Override
    public void close() {
        Nodes.stop(mongo, nodeA, nodeB);
    }
}
