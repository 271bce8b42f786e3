package com.sharefab.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends commit documents at the head of the global log, assigning global indexes without a counter document and
 * without transactions.
 *
 * <h2>Algorithm</h2>
 * The writer caches the next free global index. It inserts the commit with {@code _id} = that guess and
 * {@code globalIndexes} = [guess, guess + count). On a duplicate key on {@code _id} or {@code globalIndexes} another
 * writer got there first: it looks up where the log really ends with exact probes ({@link CommitLog#firstFreeFrom},
 * normally one {@code $in} round trip) and retries there. On a single node the guess is always right: one round trip
 * per commit.
 *
 * <h2>Why the global index stays contiguous and never overlaps</h2>
 * Invariant: the stored commits tile [1, H) exactly (no gaps, no overlaps). It holds for the empty log (H = 1). An
 * insert is only ever attempted at a position p that was the end of an existing commit, or 1, or the first free index
 * found by probing — in every case p &le; H at the time of the insert, because commits are never deleted. If p &lt; H,
 * p is the start of a stored commit (tiling), so the unique {@code _id} index refuses the insert. Only p = H can
 * succeed, and then the commit occupies [H, H + count): the tiling is extended to [1, H + count). Independently of
 * that argument, the unique multikey index on {@code globalIndexes} makes an overlap impossible even if the invariant
 * were broken by hand (e.g. a deleted commit): a global index can only ever belong to one commit.
 * <p>
 * Appends from one engine instance take turns under a lock (they would otherwise race each other for the same head
 * position and waste round trips), and the turn's holder writes every commit queued meanwhile in one ordered insert:
 * group commit. An ordered insert stores a prefix of its documents, each at the position right after the one before,
 * so the tiling argument above holds for every document of it.
 */
final class CommitWriter {

    private static final Logger logger = LoggerFactory.getLogger(CommitWriter.class);
    private static final long UNKNOWN = -1L;
    private static final int MAX_ATTEMPTS = 1_000;
    private static final long RETRY_PAUSE_NANOS = 1_000_000L;

    /** Commits written in one round trip at most (the driver splits larger batches by message size anyway). */
    private static final int MAX_GROUP = 200;
    private static final InsertManyOptions ORDERED = new InsertManyOptions().ordered(true);

    private final CommitLog log;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextFreeHint = new AtomicLong(UNKNOWN);

    /**
     * @param log the events collection, with primary read preference: the head must be read where it is written
     */
    CommitWriter(CommitLog log) {
        this.log = log;
    }

    /**
     * Inserts the commit at the head of the log.
     *
     * <p>Appends wait for each other, but not one by one: an append joins a queue, and whoever holds the lock writes
     * every commit queued so far, at consecutive positions, in one ordered {@code insertMany} (one round trip, and on
     * the durable embedded store one commit for all of them). An ordered insert stops at the first refused document,
     * so what got stored is always a prefix of the group: the log stays gap-free. The refused commit either lost its
     * position to another node (it and everything after it are retried further on) or conflicts for real (its
     * appender gets the error; the commits after it are retried from its position).
     *
     * @return the global index of the commit's first event
     * @throws MongoWriteException for any write error other than "position already taken" (e.g. a duplicate stream key)
     */
    long append(BsonDocument commitBody, int count) {
        Pending mine = new Pending(commitBody, count);
        queue.add(mine);
        appendLock.lock();
        try {
            if (!mine.done()) {
                List<Pending> group = new ArrayList<>();
                for (Pending next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
                    group.add(next);
                }
                try {
                    writeGroup(group);
                } catch (RuntimeException | Error unexpected) {
                    // never leave a member waiting: every one of them blocks on its result
                    var failure = unexpected instanceof RuntimeException runtime ? runtime
                            : new EventStoreException("Appending a commit failed", unexpected);
                    group.forEach(pending -> pending.fail(failure));
                    throw unexpected;
                }
            }
        } finally {
            appendLock.unlock();
        }
        return mine.position();
    }

    /** Writes the group at the head, settling every member: with its position, or with its own failure. */
    private void writeGroup(List<Pending> group) {
        int first = 0;
        long position = nextFreeHint.get() == UNKNOWN ? findHead() : nextFreeHint.get();
        int attempt = 0;
        while (first < group.size()) {
            List<BsonDocument> documents = new ArrayList<>(group.size() - first);
            long at = position;
            for (Pending pending : group.subList(first, group.size())) {
                documents.add(CommitSchema.positioned(pending.body, at, pending.count));
                at += pending.count;
            }
            try {
                log.collection().insertMany(documents, ORDERED);
                settle(group.subList(first, group.size()), position);
                advanceHint(at);
                return;
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().isEmpty()) { // a write concern error: stored or not, nobody knows
                    group.subList(first, group.size()).forEach(pending -> pending.fail(e));
                    return;
                }
                BulkWriteError refused = e.getWriteErrors().get(0);
                int stored = refused.getIndex();
                settle(group.subList(first, first + stored), position);
                for (Pending pending : group.subList(first, first + stored)) {
                    position += pending.count;
                }
                advanceHint(position);
                first += stored;
                var error = new MongoWriteException(refused, e.getServerAddress(), e.getErrorLabels());
                if (!DuplicateKey.of(error).map(DuplicateKey::isPositionTaken).orElse(false)) {
                    group.get(first).fail(error); // a real conflict: the next commit takes its position
                    first++;
                    continue;
                }
                if (++attempt >= MAX_ATTEMPTS) {
                    var gaveUp = new EventStoreException("Gave up appending a commit after " + attempt
                                                                 + " attempts: other writers kept taking the head position", error);
                    group.subList(first, group.size()).forEach(pending -> pending.fail(gaveUp));
                    return;
                }
                long taken = position;
                position = log.firstFreeFrom(position);
                if (position == taken) {
                    // The commit holding it is not visible to our read (yet): don't hammer the server.
                    LockSupport.parkNanos(RETRY_PAUSE_NANOS);
                }
                logger.debug("Global index {} was taken by another writer, retrying at {}", taken, position);
            } catch (RuntimeException e) {
                // outcome unknown (network, timeout): every member still waiting hears it; the hint may now be behind
                // the head, which the next append's "position taken" corrects
                group.subList(first, group.size()).forEach(pending -> pending.fail(e));
                return;
            }
        }
    }

    private static void settle(List<Pending> stored, long firstPosition) {
        long position = firstPosition;
        for (Pending pending : stored) {
            pending.succeed(position);
            position += pending.count;
        }
    }

    /** One append waiting in the queue: its commit, and once written its position or its failure. */
    private static final class Pending {

        private final BsonDocument body;
        private final int count;
        private final CompletableFuture<Long> result = new CompletableFuture<>();

        Pending(BsonDocument body, int count) {
            this.body = body;
            this.count = count;
        }

        boolean done() {
            return result.isDone();
        }

        void succeed(long position) {
            result.complete(position);
        }

        void fail(RuntimeException failure) {
            result.completeExceptionally(failure);
        }

        /** The position, once settled (the caller held the lock after it was queued, so it is). */
        long position() {
            try {
                return result.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
    }

    /** The first free global index, probed from the best known lower bound; also refreshes the cached guess. */
    long findHead() {
        long from = Math.max(CommitSchema.FIRST_GLOBAL_INDEX, nextFreeHint.get());
        long head = log.firstFreeFrom(from);
        advanceHint(head);
        return head;
    }

    /** The first free global index as far as this engine knows, or a negative value if it does not know yet. */
    long knownNextFree() {
        return nextFreeHint.get();
    }

    private void advanceHint(long nextFree) {
        nextFreeHint.accumulateAndGet(nextFree, Math::max);
    }
}
