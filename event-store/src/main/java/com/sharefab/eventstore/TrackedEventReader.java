package com.sharefab.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static com.sharefab.eventstore.CommitSchema.COUNT;
import static com.sharefab.eventstore.CommitSchema.EVENTS;
import static com.sharefab.eventstore.CommitSchema.FIRST_GLOBAL_INDEX;
import static com.sharefab.eventstore.CommitSchema.ID;
import static com.sharefab.eventstore.CommitSchema.TIMESTAMP;

/**
 * Reads the global event stream for tracking processors with {@link GapAwareTrackingToken}s.
 * <p>
 * A batch is one {@code $in} query on the {@code globalIndexes} multikey index for exactly the global indexes wanted:
 * the token's gaps plus the next {@code batchSize} indexes. That finds the commit holding index n + 1 even when the
 * token points into the middle of a commit, reads gaps back when they are filled, and never touches documents outside
 * the batch (on mongo-java-server as on MongoDB).
 * <p>
 * Gap bookkeeping follows Axon's {@code JdbcEventStorageEngine}: gaps further than {@code maxGapOffset} behind the
 * token are forgotten, events older than {@code gapTimeout} do not open gaps, and tokens with more than
 * {@code gapCleaningThreshold} gaps are cleaned of gaps that are followed by events older than the timeout.
 * <p>
 * With the append algorithm in {@link CommitWriter} gaps are rare: a commit's events appear atomically, and a commit
 * can only be written after the one before it exists. They do appear if a commit document is deleted or restored by
 * hand, after a replica-set rollback, or if a reader's query yields between documents on MongoDB.
 */
final class TrackedEventReader {

    private static final Logger logger = LoggerFactory.getLogger(TrackedEventReader.class);
    private static final Bson TIMESTAMPS_ONLY = new BsonDocument(ID, new BsonInt32(1))
            .append(COUNT, new BsonInt32(1))
            .append(EVENTS + '.' + TIMESTAMP, new BsonInt32(1));

    private final CommitLog log;
    private final LongSupplier knownHead;
    private final int maxGapOffset;
    private final long gapTimeoutMillis;
    private final int gapCleaningThreshold;

    /**
     * @param knownHead the first free global index as far as this engine knows from its own appends and head
     *                  lookups, or a negative value when it does not know
     */
    TrackedEventReader(CommitLog log, LongSupplier knownHead, int maxGapOffset, long gapTimeoutMillis,
                       int gapCleaningThreshold) {
        this.log = log;
        this.knownHead = knownHead;
        this.maxGapOffset = maxGapOffset;
        this.gapTimeoutMillis = gapTimeoutMillis;
        this.gapCleaningThreshold = gapCleaningThreshold;
    }

    List<TrackedEventData<?>> fetch(GapAwareTrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken token = lastToken;
        if (token != null && token.getGaps().size() > gapCleaningThreshold) {
            token = cleanGaps(token);
        }
        long lastIndex = token == null ? FIRST_GLOBAL_INDEX - 1 : token.getIndex();
        SortedSet<Long> gaps = token == null ? Collections.emptySortedSet() : token.getGaps();

        List<Long> wanted = new ArrayList<>(gaps.size() + batchSize);
        wanted.addAll(gaps);
        LongStream.rangeClosed(lastIndex + 1, lastIndex + batchSize).forEach(wanted::add);
        List<BsonDocument> commits = new ArrayList<>(log.covering(wanted, null));

        if (commits.stream().noneMatch(commit -> CommitSchema.end(commit) > lastIndex + 1)) {
            // Nothing right after the token: normally the end of the log. But a hole wider than a batch (e.g. deleted
            // commits) would stall the reader forever, so check for events further ahead, as Axon's JDBC engine does.
            OptionalLong next = positionAfterHole(lastIndex, batchSize);
            if (next.isPresent()) {
                logger.debug("Skipping a hole in the global index between {} and {}", lastIndex, next.getAsLong());
                commits.addAll(log.covering(LongStream.range(next.getAsLong(), next.getAsLong() + batchSize)
                                                      .boxed().collect(Collectors.toList()), null));
            }
        }
        return toTrackedEvents(commits, token, lastIndex, gaps);
    }

    /**
     * The start of the first commit after a hole of more than {@code batchSize} indexes following {@code lastIndex},
     * if any. The range query that finds it is an index seek on MongoDB but a scan on mongo-java-server, so it is only
     * issued once data beyond the hole is known to exist: because this engine has itself appended (or seen the head)
     * past it, or because one exact probe at exponentially growing distances hits a commit. Otherwise (the usual
     * case: the reader is at the end of the log) this costs one cheap {@code $in} probe. A hole followed by less
     * data than its own width, written by another node, is only skipped once the log has grown past a probe point.
     */
    private OptionalLong positionAfterHole(long lastIndex, int batchSize) {
        if (knownHead.getAsLong() > lastIndex + batchSize + 1) {
            return log.firstPositionAfter(lastIndex);
        }
        List<Long> probes = new ArrayList<>();
        for (long distance = 1; distance > 0 && lastIndex + batchSize <= Long.MAX_VALUE - distance; distance <<= 1) {
            probes.add(lastIndex + batchSize + distance);
        }
        if (log.covering(probes, CommitLog.POSITION_ONLY).isEmpty()) {
            return OptionalLong.empty();
        }
        return log.firstPositionAfter(lastIndex);
    }

    private List<TrackedEventData<?>> toTrackedEvents(List<BsonDocument> commits, GapAwareTrackingToken token,
                                                      long lastIndex, SortedSet<Long> gaps) {
        // Ascending global order: gap fills (lower indexes) come before new events, as advanceTo requires.
        TreeMap<Long, StoredEvent> events = new TreeMap<>();
        for (BsonDocument commit : commits) {
            for (StoredEvent event : CommitSchema.events(commit)) {
                if (event.globalIndex() > lastIndex || gaps.contains(event.globalIndex())) {
                    events.putIfAbsent(event.globalIndex(), event);
                }
            }
        }
        List<TrackedEventData<?>> result = new ArrayList<>(events.size());
        Instant gapTimeoutFrame = gapTimeoutFrame();
        for (StoredEvent event : events.values()) {
            long index = event.globalIndex();
            boolean allowGaps = event.getTimestamp().isAfter(gapTimeoutFrame);
            if (token == null) {
                token = GapAwareTrackingToken.newInstance(
                        index,
                        allowGaps ? LongStream.range(Math.min(FIRST_GLOBAL_INDEX, index), index).boxed()
                                              .collect(Collectors.toCollection(TreeSet::new))
                                  : Collections.emptySortedSet());
            } else if (index <= token.getIndex() && !token.getGaps().contains(index)) {
                continue; // a gap already given up on (dropped by maxGapOffset within this batch)
            } else {
                token = token.advanceTo(index, allowGaps ? maxGapOffset : 0);
            }
            result.add(new TrackedDomainEventData<>(token, event));
        }
        return result;
    }

    /**
     * Drops gaps that will never be filled: a gap followed by an event older than the gap timeout. Only the first
     * index after each run of gaps is looked up, by exact {@code globalIndexes} lookup, without payloads.
     */
    private GapAwareTrackingToken cleanGaps(GapAwareTrackingToken token) {
        SortedSet<Long> gaps = token.getGaps();
        List<Long> afterGaps = gaps.stream().map(gap -> gap + 1).filter(index -> !gaps.contains(index)).toList();
        TreeMap<Long, BsonValue> timestamps = new TreeMap<>();
        for (BsonDocument commit : log.covering(afterGaps, TIMESTAMPS_ONLY)) {
            long position = CommitSchema.position(commit);
            for (long index : afterGaps) {
                if (index >= position && index < CommitSchema.end(commit)) {
                    timestamps.put(index, CommitLog.eventTimestamp(commit, (int) (index - position)));
                }
            }
        }
        Instant gapTimeoutFrame = gapTimeoutFrame();
        GapAwareTrackingToken cleaned = token;
        for (long index : afterGaps) {
            BsonValue timestamp = timestamps.get(index);
            if (timestamp == null || !timestamp.isDateTime()
                    || Instant.ofEpochMilli(timestamp.asDateTime().getValue()).isAfter(gapTimeoutFrame)) {
                break;
            }
            cleaned = cleaned.withGapsTruncatedAt(index);
        }
        return cleaned;
    }

    private Instant gapTimeoutFrame() {
        return GenericEventMessage.clock.instant().minus(gapTimeoutMillis, ChronoUnit.MILLIS);
    }
}
