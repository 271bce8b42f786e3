package com.sharefab.query.order;

import com.sharefab.events.order.OrderEvent;
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
 * Tells this node about every order change, wherever it was made (ADR 0006).
 *
 * <p>A background thread tails the event store from its head (where the store is when the node starts; nothing
 * persisted: a restarted node only needs changes from then on). For each order event it waits until the shared read
 * model shows that event applied ({@link OrderViews#awaitSequence}, whichever node's projection applies it), then
 * hands the fresh view to the order's subscribers on this node (the order's own and its factory's job board). An in-JVM signal from our own
 * projection would not do: with several nodes the projection of a order runs on whichever node holds its segment.
 *
 * <p>Waiting happens on a few worker threads, never on the tailing thread, and is coalesced per order: a burst of
 * events on one order costs one wait for the last of them.
 */
@Component
class OrderChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeFeed.class);

    /** How long a change may take to reach the read model before this node gives up on it (the reload repairs). */
    static final Duration VIEW_WAIT = Duration.ofSeconds(10);

    private static final int WORKERS = 4;
    private static final long POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final OrderViews views;
    private final OrderSubscriptions subscriptions;
    /** Orders with a refresh queued or running, and the highest sequence it must show. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private volatile boolean running;
    private Thread tailer;
    private ExecutorService workers;

    OrderChangeFeed(
            EventStore events, OrderViews views, OrderSubscriptions subscriptions) {
        this.events = events;
        this.views = views;
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
            var thread = new Thread(runnable, "order-change-feed-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Taken here, not in the thread: a change made right after start() must not be missed.
        var head = events.createHeadToken();
        tailer = new Thread(() -> tail(head), "order-change-feed");
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
        pending.clear(); // a refresh cut short must not block the order's next one after a restart
    }

    @Override
    public boolean isRunning() {
        return running;
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
                log.warn("Order change feed interrupted; reopening in {} ms", RETRY_MILLIS, e);
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Looks at one event of the log: only order events matter, and only their order id and sequence. */
    void accept(EventMessage<?> message) {
        try {
            if (message instanceof DomainEventMessage<?> domain
                    && OrderEvent.class.isAssignableFrom(message.getPayloadType())) {
                changed(((OrderEvent) message.getPayload()).orderId(), domain.getSequenceNumber());
            }
        } catch (RuntimeException e) {
            // One unreadable event must not stop the feed for every other order.
            log.warn("Order change feed skipped event {}", message.getIdentifier(), e);
        }
    }

    /** Order {@code orderId} reached aggregate sequence {@code sequence}: refresh it once the view shows it. */
    void changed(String orderId, long sequence) {
        var queued = new boolean[1];
        pending.compute(orderId, (id, waiting) -> {
            queued[0] = waiting == null;
            return waiting == null ? sequence : Math.max(waiting, sequence);
        });
        if (queued[0]) {
            workers.execute(() -> refresh(orderId));
        }
    }

    private void refresh(String orderId) {
        while (running) {
            long sequence = pending.get(orderId);
            try {
                views.awaitSequence(orderId, sequence, VIEW_WAIT)
                        .ifPresentOrElse(
                                subscriptions::offer,
                                () -> log.warn("Order {} not projected up to sequence {} within {}; skipped",
                                        orderId, sequence, VIEW_WAIT));
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Order {} could not be refreshed", orderId, e);
                }
            }
            if (pending.remove(orderId, sequence)) {
                return;
            }
        }
    }
}
