package com.sharefab.app.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.sharefab.app.GraphQlClients;
import com.sharefab.events.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import reactor.core.Disposable;

/**
 * A phone listening over GraphQL on WebSocket to {@code orderUpdated} or {@code jobBoardUpdated}, as one actor; what
 * it hears is queued for the test to take.
 */
final class OrderSubscriber implements AutoCloseable {

    private final WebSocketGraphQlTester graphQl;
    private final BlockingQueue<Update> heard = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Disposable subscription;

    private OrderSubscriber(int port, Actor actor, String document, String field, Map<String, Object> variables) {
        graphQl = GraphQlClients.webSocketAs(port, actor);
        var request = graphQl.documentName(document);
        for (var variable : variables.entrySet()) {
            request = request.variable(variable.getKey(), variable.getValue());
        }
        subscription = request.executeSubscription()
                .toFlux(field, Update.class)
                .subscribe(heard::add, failure::set);
    }

    static OrderSubscriber orderUpdated(int port, Actor actor, String orderId) {
        return new OrderSubscriber(port, actor, "orderUpdated", "orderUpdated", Map.of("orderId", orderId));
    }

    static OrderSubscriber jobBoardUpdated(int port, Actor actor) {
        return new OrderSubscriber(port, actor, "jobBoardUpdated", "jobBoardUpdated", Map.of());
    }

    /** Updates heard until one is in {@code status}, within {@code timeout}; fails if none was. */
    Update awaitStatus(String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            var update = heard.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (failure.get() != null) {
                throw new AssertionError("the subscription failed", failure.get());
            }
            if (update == null) {
                throw new AssertionError("heard no update in status " + status + " within " + timeout);
            }
            if (update.status().equals(status)) {
                return update;
            }
        }
    }

    /** Whatever is heard within {@code timeout}, or null. */
    Update next(Duration timeout) throws InterruptedException {
        return heard.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        subscription.dispose();
        graphQl.stop().block(Duration.ofSeconds(5));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Update(String id, String status, String endReason, List<Step> timeline) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Step(String what, String actorRole) {}
}
