package com.sharefab.eventstore;

import com.mongodb.MongoWriteException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Appends from one engine instance are serialized by a lock: they would otherwise race each other for the same head
 * position and waste round trips; only one commit can take a given position anyway.
 */
final class CommitWriter {

    private static final Logger logger = LoggerFactory.getLogger(CommitWriter.class);
    private static final long UNKNOWN = -1L;
    private static final int MAX_ATTEMPTS = 1_000;
    private static final long RETRY_PAUSE_NANOS = 1_000_000L;

    private final CommitLog log;
    private final ReentrantLock appendLock = new ReentrantLock();
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
     * @return the global index of the commit's first event
     * @throws MongoWriteException for any write error other than "position already taken" (e.g. a duplicate stream key)
     */
    long append(BsonDocument commitBody, int count) {
        appendLock.lock();
        try {
            long position = nextFreeHint.get() == UNKNOWN ? findHead() : nextFreeHint.get();
            for (int attempt = 1; ; attempt++) {
                try {
                    log.collection().insertOne(CommitSchema.positioned(commitBody, position, count));
                    advanceHint(position + count);
                    return position;
                } catch (MongoWriteException e) {
                    if (!DuplicateKey.of(e).map(DuplicateKey::isPositionTaken).orElse(false)) {
                        throw e;
                    }
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new EventStoreException("Gave up appending a commit after " + attempt
                                                              + " attempts: other writers kept taking the head position", e);
                    }
                    long taken = position;
                    position = log.firstFreeFrom(position);
                    if (position == taken) {
                        // The commit holding it is not visible to our read (yet): don't hammer the server.
                        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
                    }
                    logger.debug("Global index {} was taken by another writer, retrying at {}", taken, position);
                }
            }
        } finally {
            appendLock.unlock();
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
