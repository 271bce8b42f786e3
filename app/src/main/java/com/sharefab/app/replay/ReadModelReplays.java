package com.sharefab.app.replay;

import com.mongodb.client.MongoDatabase;
import com.sharefab.app.observability.Progress;
import com.sharefab.app.replay.ReadModels.ReadModel;
import com.sharefab.query.graphql.ReadModelUpdates;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.stereotype.Component;

/**
 * Rebuilds one read model from zero into fresh collections ({@code <name>_rebuild_<generation>}) while the live one
 * keeps serving, then switches the aliases when the rebuild has reached the head (ADR 0007, amendment).
 *
 * <p>The rebuild runs the projection's own classes, instantiated afresh in a child Spring context whose
 * {@link MongoDatabase} maps the logical collection names to the new ones and whose {@link ReadModelUpdates} wakes
 * nobody; it reads the event store from the tail on one thread, each message marked as a replay (a
 * {@link ReplayToken} up to the head at the start), so any {@code @DisallowReplay} handler is skipped. Sagas and the
 * payment process are not read models and are never run; the change feeds tail the store from their own head and
 * see nothing of it.
 *
 * <p>To switch without losing an event, the live processor is stopped, the rebuild drains what is left, the aliases
 * are switched and the live processor is started again on its own token: it applies again what the rebuild already
 * has (every projection skips or rewrites an event it has seen: sequence checks, upserts by id) and goes on.
 */
@Component
public class ReadModelReplays {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplays.class);
    private static final long LOG_EVERY_MILLIS = 2_000;

    /** The state of a replay. */
    public enum State { RUNNING, SWITCHED, FAILED }

    /** {@code ReplayStatus}. */
    public record ReplayStatus(String id, String readModel, State state, List<String> collections,
            long eventsDone, long eventsTotal, double eventsPerSecond, Double secondsLeft, Instant startedAt,
            Instant finishedAt, String error) {}

    private final ReadModelCollections collections;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final ApplicationContext context;
    private final Map<String, ReplayStatus> statuses = new ConcurrentHashMap<>();

    private final MeterRegistry registry;

    ReadModelReplays(ReadModelCollections collections, EventStore eventStore,
            EventProcessingConfiguration processing, ApplicationContext context, MeterRegistry registry) {
        this.collections = collections;
        this.eventStore = eventStore;
        this.processing = processing;
        this.context = context;
        this.registry = registry;
    }

    /** The replays this node ran or runs, newest state of each read model. */
    public List<ReplayStatus> statuses() {
        return new ArrayList<>(statuses.values());
    }

    /** Starts rebuilding {@code group} on a thread of its own; refuses while one of it is running. */
    public synchronized ReplayStatus start(String group) {
        ReadModel model = ReadModels.of(group).orElseThrow(() -> new IllegalArgumentException(
                "no read model " + group + "; one of " + ReadModels.ALL.keySet()));
        var current = statuses.get(group);
        if (current != null && current.state() == State.RUNNING) {
            throw new IllegalStateException("a replay of " + group + " is running");
        }
        int generation = collections.nextGeneration();
        Map<String, String> targets = new LinkedHashMap<>();
        model.collections().forEach(name -> targets.put(name, name + "_rebuild_" + generation));
        TrackingToken headAtStart = eventStore.createHeadToken();
        long total = headAtStart == null || headAtStart.position().isEmpty() ? 0 : headAtStart.position().getAsLong() + 1;
        var status = new ReplayStatus(group + ":" + generation, group, State.RUNNING, List.copyOf(targets.values()),
                0, total, 0, null, Instant.now(), null, null);
        statuses.put(group, status);
        var thread = new Thread(() -> run(model, generation, targets, status), "replay-" + group);
        thread.setDaemon(true);
        thread.start();
        return status;
    }

    private void run(ReadModel model, int generation, Map<String, String> targets, ReplayStatus initial) {
        var live = processing.eventProcessor(model.group(), StreamingEventProcessor.class).orElse(null);
        boolean liveStopped = false;
        var progress = new ReplayProgress(initial);
        DefaultListableBeanFactory child = null;
        try {
            var existing = collections.raw().listCollectionNames().into(new java.util.HashSet<>());
            targets.values().stream().filter(existing::contains)
                    .forEach(name -> collections.raw().getCollection(name).drop()); // a failed earlier attempt
            child = childFactory(model, targets);
            Object projection = child.getBean(Class.forName(model.projectionClass()));
            var handler = new AnnotationEventHandlerAdapter(projection);
            TrackingToken head = eventStore.createHeadToken();
            log.info("Replay {}: rebuilding {} into {} from 0 of {} events", initial.id(), model.group(),
                    targets.values(), progress.total());
            try (var stream = eventStore.openStream(null)) {
                TrackingToken replay = ReplayToken.createReplayToken(head);
                while (true) {
                    if (!stream.hasNextAvailable(liveStopped ? 0 : 200, TimeUnit.MILLISECONDS)) {
                        if (liveStopped || live == null) {
                            break; // drained with the live processor stopped: nothing can slip past
                        }
                        // At the head: stop the live processor so that it cannot get ahead, then drain the rest.
                        live.shutDown();
                        liveStopped = true;
                        continue;
                    }
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    replay = replay instanceof ReplayToken r ? r.advancedTo(message.trackingToken()) : message.trackingToken();
                    TrackedEventMessage<?> marked = message.withTrackingToken(replay);
                    if (handler.canHandle(marked)) {
                        handler.handle(marked);
                    }
                    progress.at(position(message.trackingToken()));
                    statuses.put(model.group(), progress.status(State.RUNNING, null));
                }
            }
            for (var target : targets.entrySet()) {
                collections.switchTo(target.getKey(), target.getValue(), generation);
            }
            progress.finish();
            statuses.put(model.group(), progress.status(State.SWITCHED, null));
            log.info("Replay {}: {} switched to {} after {} events in {} s", initial.id(), model.group(),
                    targets.values(), progress.done(), Duration.between(initial.startedAt(), Instant.now()).toSeconds());
        } catch (Exception e) {
            log.error("Replay {} of {} failed; the live read model stays as it was", initial.id(), model.group(), e);
            progress.finish();
            statuses.put(model.group(), progress.status(State.FAILED, String.valueOf(e)));
        } finally {
            if (liveStopped) {
                live.start();
            }
            if (child != null) {
                child.destroySingletons();
            }
        }
    }

    /**
     * A bean factory under the application's (no context, so no events reach the application) holding fresh
     * instances of the read model's classes, with a database that renames its collections and updates that wake
     * nobody; everything else (the listing catalog, for instance, which keeps the later of two views) from the app.
     */
    private DefaultListableBeanFactory childFactory(ReadModel model, Map<String, String> targets)
            throws ClassNotFoundException {
        var factory = new DefaultListableBeanFactory(context.getAutowireCapableBeanFactory());
        var database = new RootBeanDefinition(MongoDatabase.class, () -> collections.renaming(targets));
        database.setPrimary(true);
        factory.registerBeanDefinition("replayDatabase", database);
        var updates = new RootBeanDefinition(ReadModelUpdates.class, ReadModelUpdates::new);
        updates.setPrimary(true);
        factory.registerBeanDefinition("replayUpdates", updates);
        for (String name : model.classes()) {
            var definition = new RootBeanDefinition(Class.forName(name));
            definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
            definition.setPrimary(true);
            factory.registerBeanDefinition("replay:" + name, definition);
        }
        return factory;
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /**
     * Events done of total, rate and time left: the shared {@link Progress} (logged every few seconds, and exported as
     * {@code sharefab_progress_*{task="replay:<read model>:<generation>"}}), read back as the replay's status.
     */
    private final class ReplayProgress {
        private final ReplayStatus initial;
        private final Progress shared;

        ReplayProgress(ReplayStatus initial) {
            this.initial = initial;
            this.shared = Progress.start(registry, "replay:" + initial.id(), initial.eventsTotal(),
                    Duration.ofMillis(LOG_EVERY_MILLIS));
        }

        long done() {
            return shared.done();
        }

        long total() {
            return shared.total();
        }

        void at(long position) {
            long done = position + 1; // global indexes start at 0
            if (done > shared.total()) {
                shared.total(done);
            }
            shared.advance(done - shared.done());
        }

        void finish() {
            shared.finish();
        }

        ReplayStatus status(State state, String error) {
            double rate = shared.ratePerSecond();
            Double left = state != State.RUNNING ? Double.valueOf(0)
                    : rate == 0 ? null : shared.remaining().toMillis() / 1000.0;
            return new ReplayStatus(initial.id(), initial.readModel(), state, initial.collections(), shared.done(),
                    state == State.SWITCHED ? shared.done() : shared.total(), rate, left, initial.startedAt(),
                    state == State.RUNNING ? null : Instant.now(), error);
        }
    }
}
