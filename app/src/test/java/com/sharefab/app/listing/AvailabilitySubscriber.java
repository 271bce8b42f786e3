package com.sharefab.app.listing;

import com.sharefab.app.listing.ListingTestData.Day;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;

/**
 * A phone listening over GraphQL on WebSocket to one listing's {@code listingAvailabilityChanged}, with the days in
 * [from, to] selected; what it hears is queued for the test to take.
 */
final class AvailabilitySubscriber implements AutoCloseable {

    private final WebSocketGraphQlTester graphQl;
    private final BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Disposable subscription;

    AvailabilitySubscriber(int port, String listingId, LocalDate from, LocalDate to) {
        graphQl = WebSocketGraphQlTester.builder("ws://127.0.0.1:" + port + "/graphql", new StandardWebSocketClient())
                .build();
        subscription = graphQl.documentName("listingAvailabilityChanged")
                .variable("listingId", listingId)
                .variable("from", from.toString())
                .variable("to", to.toString())
                .executeSubscription()
                .toFlux("listingAvailabilityChanged", Change.class)
                .subscribe(heard::add, failure::set);
    }

    /** The next change heard within {@code timeout}, or null; fails if the subscription ended in an error. */
    Change next(Duration timeout) throws InterruptedException {
        var change = heard.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure.get() != null) {
            throw new AssertionError("the subscription failed", failure.get());
        }
        return change;
    }

    @Override
    public void close() {
        subscription.dispose();
        graphQl.stop().block(Duration.ofSeconds(5));
    }

    /** What {@code listingAvailabilityChanged} sends, as the document selects it. */
    record Change(String id, String status, ListingTestData.Price unitPrice, List<Day> days) {

        Day day(LocalDate date) {
            return days.stream()
                    .filter(day -> day.date().equals(date.toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no day " + date + " in " + days));
        }
    }
}
