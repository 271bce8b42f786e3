package com.sharefab.axon;

import com.mongodb.client.MongoClient;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeAware;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * {@link MongoJobRunrDeadlineManager} with JobRunr's background server on mongo-java-server, delivering deadlines to
 * a recording scope through Axon's {@link ScopeAwareProvider} contract.
 */
class MongoJobRunrDeadlineManagerTest {

    /** JobRunr's smallest poll interval for a persistent storage. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final String DATABASE = "sharefab";

    private static final ScopeDescriptor ORDER_1 = new AggregateScopeDescriptor("Order", "order-1");
    private static final ScopeDescriptor ORDER_2 = new AggregateScopeDescriptor("Order", "order-2");
    private static final ScopeDescriptor FULFILMENT_SAGA = new SagaScopeDescriptor("FulfilmentSaga", "saga-1");

    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final JsonMapper jsonMapper = new JacksonJsonMapper();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private InProcessMongo mongo;

    @BeforeEach
    void setUp() {
        mongo = new InProcessMongo();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Node::close);
        mongo.close();
    }

    @Test
    void schedule_deadlinesForAnAggregateAndASaga_areDeliveredToTheirScopesOnceNotBeforeTheirTime() throws Exception {
        Node node = startNode(true);
        Instant triggerAt = Instant.now().plusSeconds(2);

        String aggregateDeadline = node.manager.schedule(triggerAt, "payment-due", new PaymentDue("order-1"), ORDER_1);
        String sagaDeadline = node.manager.schedule(triggerAt, "shipment-late", "saga payload", FULFILMENT_SAGA);

        awaitSucceeded(node, aggregateDeadline);
        awaitSucceeded(node, sagaDeadline);
        assertThat(deliveries).extracting(Delivery::deadlineName, Delivery::payload, Delivery::scope)
                              .containsExactlyInAnyOrder(
                                      tuple("payment-due", new PaymentDue("order-1"), ORDER_1),
                                      tuple("shipment-late", "saga payload", FULFILMENT_SAGA));
        assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.deliveredAt()).isAfterOrEqualTo(triggerAt));
    }

    /** JobRunr's master enqueues jobs up to a poll interval early; a free worker then starts them at once. */
    @Test
    void execute_jobEnqueuedBeforeItsTriggerTime_deliversNotBeforeTheTriggerTime() throws Exception {
        Node scheduling = startNode(false);
        Instant triggerAt = Instant.now().plusSeconds(3);
        String deadline = scheduling.manager.schedule(triggerAt, "payment-due", new PaymentDue("order-1"), ORDER_1);
        enqueue(scheduling, deadline);

        Node processing = startNode(true); // its steward picks the enqueued job up within a second

        awaitSucceeded(processing, deadline);
        assertThat(deliveries).singleElement()
                              .satisfies(delivery -> assertThat(delivery.deliveredAt()).isAfterOrEqualTo(triggerAt));
    }

    @Test
    void cancelSchedule_beforeItIsDue_deadlineNeverFires() throws Exception {
        Node node = startNode(true);
        Instant triggerAt = Instant.now().plusSeconds(1);
        String cancelled = node.manager.schedule(triggerAt, "payment-due", new PaymentDue("order-1"), ORDER_1);
        String kept = node.manager.schedule(triggerAt, "payment-due", new PaymentDue("order-2"), ORDER_2);

        node.manager.cancelSchedule("payment-due", cancelled);

        awaitSucceeded(node, kept);
        assertThat(stateOf(node, cancelled)).isEqualTo(StateName.DELETED);
        assertThat(deliveries).extracting(Delivery::scope).containsExactly(ORDER_2);
    }

    @Test
    void cancelAll_pendingDeadlinesOfSeveralNames_deletesEveryPendingJobOfThatNameOnly() {
        Node node = startNode(false);
        Instant later = Instant.now().plusSeconds(3600);
        String order1Due = node.manager.schedule(later, "payment-due", null, ORDER_1);
        String order2Due = node.manager.schedule(later, "payment-due", null, ORDER_2);
        String sagaDue = node.manager.schedule(later, "payment-due", null, FULFILMENT_SAGA);
        String otherName = node.manager.schedule(later, "shipment-late", null, ORDER_1);
        String enqueued = node.manager.schedule(later, "payment-due", null, ORDER_1);
        enqueue(node, enqueued); // as if due: the master moved it on, no worker picked it up yet

        node.manager.cancelAll("payment-due");

        assertThat(Stream.of(order1Due, order2Due, sagaDue, enqueued).map(id -> stateOf(node, id)))
                .containsOnly(StateName.DELETED);
        assertThat(stateOf(node, otherName)).isEqualTo(StateName.SCHEDULED);
    }

    @Test
    void cancelAllWithinScope_pendingDeadlinesOfSeveralScopes_deletesOnlyThatNameInThatScope() {
        Node node = startNode(false);
        Instant later = Instant.now().plusSeconds(3600);
        String order1Due = node.manager.schedule(later, "payment-due", null, ORDER_1);
        String order1DueAgain = node.manager.schedule(later.plusSeconds(60), "payment-due", null, ORDER_1);
        String order2Due = node.manager.schedule(later, "payment-due", null, ORDER_2);
        String order1OtherName = node.manager.schedule(later, "shipment-late", null, ORDER_1);

        node.manager.cancelAllWithinScope("payment-due", ORDER_1);

        assertThat(stateOf(node, order1Due)).isEqualTo(StateName.DELETED);
        assertThat(stateOf(node, order1DueAgain)).isEqualTo(StateName.DELETED);
        assertThat(stateOf(node, order2Due)).isEqualTo(StateName.SCHEDULED);
        assertThat(stateOf(node, order1OtherName)).isEqualTo(StateName.SCHEDULED);
    }

    @Test
    void cancelAll_deadlineNameLongerThanALabel_matchesOnTheHashedLabel() {
        Node node = startNode(false);
        String longName = "a-deadline-name-well-beyond-jobrunrs-label-length-limit";
        String due = node.manager.schedule(Instant.now().plusSeconds(3600), longName, null, ORDER_1);

        node.manager.cancelAll(longName);

        assertThat(stateOf(node, due)).isEqualTo(StateName.DELETED);
    }

    @Test
    void cancelAll_morePendingJobsThanOnePage_deletesThemAll() {
        Node node = startNode(false, 3);
        Instant later = Instant.now().plusSeconds(3600);
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            due.add(node.manager.schedule(later, "payment-due", null, ORDER_1));
            node.manager.schedule(later, "shipment-late", null, ORDER_1);
        }

        node.manager.cancelAll("payment-due");

        assertThat(due.stream().map(id -> stateOf(node, id))).containsOnly(StateName.DELETED);
        assertThat(node.storage.countJobs(StateName.SCHEDULED)).isEqualTo(8);
    }

    @Test
    void cancelAll_withinAUnitOfWork_takesEffectWhenItCommits() {
        Node node = startNode(false);
        String due = node.manager.schedule(Instant.now().plusSeconds(3600), "payment-due", null, ORDER_1);
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(null);

        node.manager.cancelAll("payment-due");
        StateName beforeCommit = stateOf(node, due);
        unitOfWork.commit();

        assertThat(beforeCommit).isEqualTo(StateName.SCHEDULED);
        assertThat(stateOf(node, due)).isEqualTo(StateName.DELETED);
    }

    /**
     * The node that scheduled the deadline dies before it is due: its connection is gone, so it can neither run the
     * job nor deregister, and its stale server record stays master until JobRunr times it out. A fresh node on the
     * same database must still deliver the deadline, exactly once.
     */
    @Test
    void schedule_nodeCrashesBeforeTheDeadlineIsDue_freshNodeDeliversItExactlyOnce() throws Exception {
        Node crashing = startNode(true);
        InProcessMongo.await(Duration.ofSeconds(20), "first node is master", crashing.server::isMaster);
        String deadline = crashing.manager.schedule(Instant.now().plusSeconds(2), "payment-due",
                                                    new PaymentDue("order-1"), ORDER_1);

        crashing.crash();
        Node restarted = startNode(true);

        assertThat(stateOf(restarted, deadline)).isEqualTo(StateName.SCHEDULED);
        awaitSucceeded(restarted, deadline, Duration.ofSeconds(90));
        assertThat(deliveries).extracting(Delivery::deadlineName, Delivery::payload, Delivery::scope)
                              .containsExactly(tuple(
                                      "payment-due", new PaymentDue("order-1"), ORDER_1));
    }

    // --- fixture

    private Node startNode(boolean processJobs) {
        return startNode(processJobs, null);
    }

    private Node startNode(boolean processJobs, Integer pageSize) {
        Node node = new Node(mongo.newClient(), processJobs, pageSize);
        nodes.add(node);
        return node;
    }

    private StateName stateOf(Node node, String deadlineId) {
        return node.storage.getJobById(UUID.fromString(deadlineId)).getState();
    }

    private void enqueue(Node node, String deadlineId) {
        Job job = node.storage.getJobById(UUID.fromString(deadlineId));
        job.enqueue();
        node.storage.save(job);
    }

    private void awaitSucceeded(Node node, String deadlineId) throws InterruptedException {
        awaitSucceeded(node, deadlineId, Duration.ofSeconds(30));
    }

    private void awaitSucceeded(Node node, String deadlineId, Duration timeout) throws InterruptedException {
        InProcessMongo.await(timeout, "deadline " + deadlineId + " succeeded",
                             () -> stateOf(node, deadlineId) == StateName.SUCCEEDED);
    }

    /** One application instance: its own connection, JobRunr storage, scheduler, deadline manager and, if asked, server. */
    private final class Node implements AutoCloseable {

        final MongoClient client;
        final MongoJobRunrStorageProvider storage;
        final MongoJobRunrDeadlineManager manager;
        final BackgroundJobServer server;

        Node(MongoClient client, boolean processJobs, Integer pageSize) {
            this.client = client;
            storage = new MongoJobRunrStorageProvider(client, DATABASE, "jobrunr_");
            storage.setJobMapper(new JobMapper(jsonMapper));
            MongoJobRunrDeadlineManager.Builder builder = MongoJobRunrDeadlineManager.builder()
                                                                                     .jobScheduler(new JobScheduler(storage))
                                                                                     .storageProvider(storage)
                                                                                     .scopeAwareProvider(new RecordingScopes())
                                                                                     .serializer(serializer);
            if (pageSize != null) {
                builder.pageSize(pageSize);
            }
            manager = builder.build();
            server = processJobs ? startServer(storage, manager) : null;
        }

        private BackgroundJobServer startServer(StorageProvider storage, MongoJobRunrDeadlineManager manager) {
            // Jobs call JobRunrDeadlineManager.execute: the activator hands out this node's manager for that type.
            JobActivator activator = new JobActivator() {
                @Override
                public <T> T activateJob(Class<T> type) {
                    return type.isAssignableFrom(MongoJobRunrDeadlineManager.class) ? type.cast(manager) : null;
                }
            };
            BackgroundJobServer server = new BackgroundJobServer(
                    storage, jsonMapper, activator,
                    usingStandardBackgroundJobServerConfiguration().andPollInterval(POLL_INTERVAL).andWorkerCount(2));
            server.start();
            return server;
        }

        /** Dies without a goodbye: the connection first, so nothing (not even deregistering) reaches the database. */
        void crash() {
            client.close();
            close();
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
            storage.close();
        }
    }

    private final class RecordingScopes implements ScopeAwareProvider, ScopeAware {

        @Override
        public Stream<ScopeAware> provideScopeAwareStream(ScopeDescriptor scopeDescriptor) {
            return Stream.of(this);
        }

        @Override
        public boolean canResolve(ScopeDescriptor scopeDescription) {
            return true;
        }

        @Override
        public void send(Message<?> message, ScopeDescriptor scopeDescription) {
            deliveries.add(new Delivery(((DeadlineMessage<?>) message).getDeadlineName(), message.getPayload(),
                                        scopeDescription, Instant.now()));
        }
    }

    private record Delivery(String deadlineName, Object payload, ScopeDescriptor scope, Instant deliveredAt) {
    }

    /** A deadline payload as the app would have one. */
    public record PaymentDue(String orderId) {
    }
}
