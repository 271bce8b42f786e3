package com.sharefab.query.feed;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tells this node about every change of one kind of aggregate, wherever it was made (ADR 0006): the plumbing shared
 * by the listing and order feeds.
 *
 * <p>A background thread tails the event store from its head (where the store is when the node starts; nothing
 * persisted: a restarted node only needs changes from then on). For each event of the feed's kind it waits until the
 * shared read model shows that event applied ({@link #awaitView}, whichever node's projection applies it), then hands
 * the fresh view on ({@link #publish}). An in-JVM signal from our own projection would not do: with several nodes the
 * projection of an aggregate runs on whichever node holds its segment.
 *
 * <p>Waiting happens on a few worker threads, never on the tailing thread, and is coalesced per aggregate: a burst of
 * events on one aggregate costs one wait for the last of them, and its subscribers hear the latest state.
 *
 * @param <V> the read model's view
 */
public abstract class ChangeFeed<V> implements SmartLifecycle {

    /** How long a change may take to reach the read model before this node gives up on it. */
    public static final Duration VIEW_WAIT = Duration.ofSeconds(10);

    private static final int WORKERS = 4;
    private static final long POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String kind;
    private final Class<?> followed;
    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    /** Aggregates with a refresh queued or running, and the highest sequence it must show. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private volatile boolean running;
    private Thread tailer;
    private ExecutorService workers;

    /**
     * @param kind     what the feed follows ({@code listing}, {@code order}): thread names and log lines
     * @param followed the aggregate's event type; other events are skipped without being deserialized
     * @param events   the event store
     */
    protected ChangeFeed(
            String kind, Class<?> followed, StreamableMessageSource<TrackedEventMessage<?>> events) {
        this.kind = kind;
        this.followed = followed;
        this.events = events;
    }

    /** The aggregate id of an event of the followed type. */
    protected abstract String idOf(Object event);

    /** The aggregate's view once it applied sequence {@code sequence} (or later), waiting at most {@code wait}. */
    protected abstract Optional<V> awaitView(String id, long sequence, Duration wait);

    /** Hands a fresh view to whoever on this node listens. */
    protected abstract void publish(V view);

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        var threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            var thread = new Thread(runnable, kind + "-change-feed-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Taken here, not in the thread: a change made right after start() must not be missed.
        var head = events.createHeadToken();
        tailer = new Thread(() -> tail(head), kind + "-change-feed");
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
        pending.clear(); // a refresh cut short must not block the aggregate's next one after a restart
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
                log.warn("{} change feed interrupted; reopening in {} ms", kind, RETRY_MILLIS, e);
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Looks at one event of the log: only this feed's kind matters, and only its aggregate id and sequence. */
    public void accept(EventMessage<?> message) {
        try {
            if (message instanceof DomainEventMessage<?> domain && followed.isAssignableFrom(message.getPayloadType())) {
                changed(idOf(message.getPayload()), domain.getSequenceNumber());
            }
        } catch (RuntimeException e) {
            // One unreadable event must not stop the feed for every other aggregate.
            log.warn("{} change feed skipped event {}", kind, message.getIdentifier(), e);
        }
    }

    /** Aggregate {@code id} reached sequence {@code sequence}: refresh it once the view shows it. */
    public void changed(String id, long sequence) {
        var queued = new boolean[1];
        pending.compute(id, (key, waiting) -> {
            queued[0] = waiting == null;
            return waiting == null ? sequence : Math.max(waiting, sequence);
        });
        if (queued[0]) {
            workers.execute(() -> refresh(id));
        }
    }

    private void refresh(String id) {
        while (running) {
            long sequence = pending.get(id);
            try {
                awaitView(id, sequence, VIEW_WAIT)
                        .ifPresentOrElse(
                                this::publish,
                                () -> log.warn("{} {} not projected up to sequence {} within {}; skipped",
                                        kind, id, sequence, VIEW_WAIT));
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("{} {} could not be refreshed", kind, id, e);
                }
            }
            if (pending.remove(id, sequence)) {
                return;
            }
        }
    }
}
