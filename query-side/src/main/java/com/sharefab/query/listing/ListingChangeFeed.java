package com.sharefab.query.listing;

import com.sharefab.events.listing.ListingEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells this node about every listing change, wherever it was made (ADR 0006).
 *
 * <p>A background thread tails the event store from its head (where the store is when the node starts; nothing
 * persisted: a restarted node only needs changes from then on). For each listing event it waits until the shared read
 * model shows that event applied ({@link ListingViews#awaitSequence}, whichever node's projection applies it), then
 * hands the fresh view to the catalog and to the listing's subscribers on this node. An in-JVM signal from our own
 * projection would not do: with several nodes the projection of a listing runs on whichever node holds its segment.
 *
 * <p>Waiting happens on a few worker threads, never on the tailing thread, and is coalesced per listing: a burst of
 * events on one listing costs one wait for the last of them.
 */
@Component
class ListingChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ListingChangeFeed.class);

    /** How long a change may take to reach the read model before this node gives up on it (the reload repairs). */
    static final Duration VIEW_WAIT = Duration.ofSeconds(10);

    private static final int WORKERS = 4;
    private static final long POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final ListingViews views;
    private final ListingCatalog catalog;
    private final ListingSubscriptions subscriptions;
    /** Listings with a refresh queued or running, and the highest sequence it must show. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private volatile boolean running;
    private Thread tailer;
    private ExecutorService workers;

    ListingChangeFeed(
            EventStore events, ListingViews views, ListingCatalog catalog, ListingSubscriptions subscriptions) {
        this.events = events;
        this.views = views;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        var threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            var thread = new Thread(runnable, "listing-change-feed-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Taken here, not in the thread: a change made right after start() must not be missed.
        var head = events.createHeadToken();
        tailer = new Thread(() -> tail(head), "listing-change-feed");
        tailer.setDaemon(true);
        tailer.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        tailer.interrupt();
        try {
            tailer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        pending.clear(); // a refresh cut short must not block the listing's next one after a restart
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before {@link ListingCatalog}: the head is taken before the catalog's first load reads the views. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void tail(TrackingToken from) {
        TrackingToken token = from;
        while (running) {
            try (var stream = events.openStream(token)) {
                while (running) {
                    if (stream.hasNextAvailable((int) POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        var message = stream.nextAvailable();
                        token = message.trackingToken();
                        accept(message);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // The store is unreachable or the stream broke: open it again where we were.
                log.warn("Listing change feed interrupted; reopening in {} ms", RETRY_MILLIS, e);
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Looks at one event of the log: only listing events matter, and only their listing id and sequence. */
    void accept(EventMessage<?> message) {
        try {
            if (message instanceof DomainEventMessage<?> domain
                    && ListingEvent.class.isAssignableFrom(message.getPayloadType())) {
                changed(((ListingEvent) message.getPayload()).listingId(), domain.getSequenceNumber());
            }
        } catch (RuntimeException e) {
            // One unreadable event must not stop the feed for every other listing.
            log.warn("Listing change feed skipped event {}", message.getIdentifier(), e);
        }
    }

    /** Listing {@code listingId} reached aggregate sequence {@code sequence}: refresh it once the view shows it. */
    void changed(String listingId, long sequence) {
        var queued = new boolean[1];
        pending.compute(listingId, (id, waiting) -> {
            queued[0] = waiting == null;
            return waiting == null ? sequence : Math.max(waiting, sequence);
        });
        if (queued[0]) {
            workers.execute(() -> refresh(listingId));
        }
    }

    private void refresh(String listingId) {
        while (running) {
            long sequence = pending.get(listingId);
            try {
                views.awaitSequence(listingId, sequence, VIEW_WAIT)
                        .ifPresentOrElse(
                                view -> {
                                    catalog.put(view);
                                    subscriptions.offer(view);
                                },
                                () -> log.warn("Listing {} not projected up to sequence {} within {}; skipped",
                                        listingId, sequence, VIEW_WAIT));
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Listing {} could not be refreshed", listingId, e);
                }
            }
            if (pending.remove(listingId, sequence)) {
                return;
            }
        }
    }
}
