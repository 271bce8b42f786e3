package com.sharefab.axon;

import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.deadline.jobrunr.JobRunrDeadlineManager;
import org.axonframework.deadline.jobrunr.LabelUtils;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.IllegalJobStateChangeException;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.jobrunr.storage.Paging.AmountBasedList.descOnUpdatedAt;

/**
 * Axon's {@link JobRunrDeadlineManager} with {@link #cancelAll(String)} and
 * {@link #cancelAllWithinScope(String, ScopeDescriptor)} implemented, which Axon only offers with JobRunr Pro.
 * <p>
 * Axon labels every deadline job with {@link LabelUtils#getLabel(String) the deadline name} and with
 * {@link LabelUtils#getCombinedLabel(Serializer, String, ScopeDescriptor) the name combined with the serialized
 * scope}. JobRunr (open source) cannot search jobs by label, so we read the jobs that can still fire (SCHEDULED, then
 * ENQUEUED) through the {@link StorageProvider}, keep those carrying the label, and delete them through the
 * {@link JobScheduler} exactly as {@link #cancelSchedule(String, String)} does. The cost is one pass over the pending
 * jobs per call.
 * <p>
 * It also never delivers a deadline before its trigger time, which Axon's manager on JobRunr can: see
 * {@link #execute(String, String)}.
 * <p>
 * Scheduling and delivery are otherwise Axon's code unchanged. Jobs call {@code JobRunrDeadlineManager.execute}, so
 * JobRunr's {@code JobActivator} must hand out this instance for the type {@link JobRunrDeadlineManager} (Spring's
 * activator does, by bean type).
 * <p>
 * Nothing here depends on the storage being MongoDB; the name says what it is paired with in Sharefab.
 */
public class MongoJobRunrDeadlineManager extends JobRunrDeadlineManager {

    private static final Logger logger = LoggerFactory.getLogger(MongoJobRunrDeadlineManager.class);

    /** Jobs in these states have not fired yet. SCHEDULED is read first: its jobs move on to ENQUEUED, not back. */
    private static final List<StateName> PENDING_STATES = List.of(StateName.SCHEDULED, StateName.ENQUEUED);
    static final int DEFAULT_PAGE_SIZE = 500;
    /**
     * Where paging starts ("updated before"): far enough ahead for any clock skew between nodes, near enough that
     * JobRunr's conversion to epoch nanos/micros does not overflow (it does from the year 2262 on).
     */
    private static final Instant FAR_FUTURE = Instant.parse("2200-01-01T00:00:00Z");
    /** Longer than any sensible JobRunr poll interval (its default is 15 s): see {@link #execute(String, String)}. */
    static final Duration MAX_EARLY_START = Duration.ofMinutes(5);

    private final JobScheduler jobScheduler;
    private final StorageProvider storageProvider;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spanFactory;
    private final int pageSize;

    protected MongoJobRunrDeadlineManager(Builder builder) {
        super(builder);
        this.jobScheduler = builder.jobScheduler;
        this.storageProvider = builder.storageProvider;
        this.serializer = builder.serializer;
        this.spanFactory = builder.spanFactory;
        this.pageSize = builder.pageSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void cancelAll(String deadlineName) {
        Span span = spanFactory.createCancelAllSpan(deadlineName);
        runOnPrepareCommitOrNow(span.wrapRunnable(
                () -> cancelPendingJobsLabelled(LabelUtils.getLabel(deadlineName))));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        Span span = spanFactory.createCancelAllWithinScopeSpan(deadlineName, scope);
        runOnPrepareCommitOrNow(span.wrapRunnable(
                () -> cancelPendingJobsLabelled(LabelUtils.getCombinedLabel(serializer, deadlineName, scope))));
    }

    /**
     * Delivers the deadline, but not before its trigger time.
     * <p>
     * JobRunr's master node enqueues scheduled jobs up to one poll interval before they are due, and a worker that has
     * a free thread (on any node) starts an enqueued job at once: left alone, a deadline could fire that much early,
     * which a handler such as "not paid in time: cancel the order" must never see. So a job started early waits for
     * its trigger time first, holding its worker thread for at most a poll interval. A job started more than
     * {@link #MAX_EARLY_START} early was started on purpose (by hand, from JobRunr's dashboard), and runs at once.
     * If the wait is interrupted (JobRunr stopping), the job fails without delivering and JobRunr's retry runs it later.
     */
    @Override
    public void execute(String serializedDeadlineDetails, String deadlineId) {
        awaitTriggerTime(deadlineId);
        super.execute(serializedDeadlineDetails, deadlineId);
    }

    private void awaitTriggerTime(String deadlineId) {
        if (deadlineId == null) { // jobs of older Axon versions call the deprecated execute(String): no id to look up
            return;
        }
        Duration early = storageProvider.getJobById(UUID.fromString(deadlineId))
                                        .getLastJobStateOfType(ScheduledState.class)
                                        .map(scheduled -> Duration.between(Instant.now(), scheduled.getScheduledAt()))
                                        .orElse(Duration.ZERO);
        if (early.isNegative() || early.isZero() || early.compareTo(MAX_EARLY_START) > 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(early.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineException("Interrupted while waiting for the trigger time of deadline " + deadlineId, e);
        }
    }

    private void cancelPendingJobsLabelled(String label) {
        // Collect first, delete after: deleting changes the very lists being paged through.
        List<UUID> jobIds = new ArrayList<>();
        for (StateName state : PENDING_STATES) {
            jobIds.addAll(pendingJobIdsLabelled(label, state));
        }
        jobIds.forEach(this::delete);
        logger.debug("Cancelled {} deadline job(s) labelled [{}].", jobIds.size(), label);
    }

    /**
     * Pages through the jobs in {@code state}, newest update first, using the update time as the cursor rather than an
     * offset: jobs that other nodes move out of the state meanwhile then cannot shift later jobs past the cursor.
     */
    private List<UUID> pendingJobIdsLabelled(String label, StateName state) {
        List<UUID> matching = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Instant updatedBefore = FAR_FUTURE;
        while (true) {
            List<Job> page = storageProvider.getJobList(state, updatedBefore, descOnUpdatedAt(pageSize));
            for (Job job : page) {
                if (seen.add(job.getId()) && job.getLabels().contains(label)) {
                    matching.add(job.getId());
                }
            }
            if (page.size() < pageSize) {
                return matching;
            }
            // The query is "updated strictly before": continuing just past the oldest job's instant re-reads that
            // instant, so jobs sharing it on the next page are not skipped ('seen' drops the repeats). Should a whole
            // page share one instant, step past it to guarantee progress.
            Instant oldest = page.get(page.size() - 1).getUpdatedAt();
            Instant next = oldest.plus(1, ChronoUnit.MICROS);
            updatedBefore = next.equals(updatedBefore) ? oldest : next;
        }
    }

    private void delete(UUID jobId) {
        try {
            jobScheduler.delete(jobId, DELETE_REASON);
        } catch (JobNotFoundException e) {
            logger.debug("Deadline job [{}] was already removed.", jobId);
        } catch (IllegalJobStateChangeException e) {
            // Cancelled concurrently (DELETED -> DELETED), as cancelSchedule tolerates too.
            if (e.getFrom() != StateName.DELETED) {
                throw e;
            }
        }
    }

    /**
     * Builder for {@link MongoJobRunrDeadlineManager}: that of {@link JobRunrDeadlineManager} plus a
     * {@link #storageProvider(StorageProvider) StorageProvider}, which must be the one the {@link JobScheduler} uses.
     * The setters are overridden only to keep what this subclass needs as well (the parent's fields are private).
     */
    public static class Builder extends JobRunrDeadlineManager.Builder {

        private JobScheduler jobScheduler;
        private StorageProvider storageProvider;
        private Serializer serializer;
        // The parent's default, kept here as the parent does not expose its own.
        private DeadlineManagerSpanFactory spanFactory =
                DefaultDeadlineManagerSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
        private int pageSize = DEFAULT_PAGE_SIZE;

        @Override
        public Builder jobScheduler(JobScheduler jobScheduler) {
            super.jobScheduler(jobScheduler);
            this.jobScheduler = jobScheduler;
            return this;
        }

        /** The storage the {@link JobScheduler} writes to; read to find jobs by label. */
        public Builder storageProvider(StorageProvider storageProvider) {
            assertNonNull(storageProvider, "StorageProvider may not be null");
            this.storageProvider = storageProvider;
            return this;
        }

        /** How many jobs to read per query when cancelling; small values only make sense in tests. */
        Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new AxonConfigurationException("The page size must be positive");
            }
            this.pageSize = pageSize;
            return this;
        }

        @Override
        public Builder serializer(Serializer serializer) {
            super.serializer(serializer);
            this.serializer = serializer;
            return this;
        }

        @Override
        public Builder scopeAwareProvider(ScopeAwareProvider scopeAwareProvider) {
            super.scopeAwareProvider(scopeAwareProvider);
            return this;
        }

        @Override
        public Builder transactionManager(TransactionManager transactionManager) {
            super.transactionManager(transactionManager);
            return this;
        }

        @Override
        public Builder spanFactory(DeadlineManagerSpanFactory spanFactory) {
            super.spanFactory(spanFactory);
            this.spanFactory = spanFactory;
            return this;
        }

        /** @deprecated use {@link #spanFactory(DeadlineManagerSpanFactory)}, as in Axon's builder */
        @Override
        @Deprecated
        public Builder spanFactory(SpanFactory spanFactory) {
            return spanFactory(DefaultDeadlineManagerSpanFactory.builder().spanFactory(spanFactory).build());
        }

        @Override
        public MongoJobRunrDeadlineManager build() {
            return new MongoJobRunrDeadlineManager(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            assertNonNull(storageProvider, "The StorageProvider is a hard requirement and should be provided.");
        }
    }
}
