package com.sharefab.eventstore;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.sharefab.eventstore.CommitSchema.STREAM_KEYS;

/**
 * Reads one aggregate's events by exact {@code streamKeys} lookups ("aggregate/sequenceNumber").
 * <p>
 * Every event has its own stream key, so a batch is one {@code $in} query for the keys
 * {@code first .. first + batchSize - 1}: it finds the commits holding those sequence numbers whether or not
 * {@code first} is the start of a commit (e.g. right after a snapshot), and touches no other documents.
 * <p>
 * Axon numbers an aggregate's events 0, 1, 2, ... without holes; the end of the stream is where a window comes back
 * short. Should a stream nevertheless contain a hole smaller than a batch, the following windows are read too, so no
 * event is lost behind it.
 */
final class AggregateStreamReader {

    private static final Bson STREAM_KEYS_ONLY = new BsonDocument(STREAM_KEYS, new BsonInt32(1));

    private final CommitLog log;

    AggregateStreamReader(CommitLog log) {
        this.log = log;
    }

    List<StoredEvent> fetch(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        List<StoredEvent> result = new ArrayList<>();
        long from = firstSequenceNumber;
        while (result.size() < batchSize) {
            List<StoredEvent> window = window(aggregateIdentifier, from, batchSize);
            result.addAll(window);
            long last = window.isEmpty() ? from - 1 : window.get(window.size() - 1).getSequenceNumber();
            boolean contiguous = last - from + 1 == window.size();
            if (window.isEmpty() || contiguous) {
                break;  // a short contiguous window is the end of the stream; a full one ends this batch
            }
            from = last + 1;
        }
        return result;
    }

    private List<StoredEvent> window(String aggregateIdentifier, long from, int size) {
        List<String> keys = new ArrayList<>(size);
        for (long sequenceNumber = from; sequenceNumber < from + size; sequenceNumber++) {
            keys.add(CommitSchema.streamKey(aggregateIdentifier, sequenceNumber));
        }
        TreeMap<Long, StoredEvent> events = new TreeMap<>();
        for (BsonDocument commit : log.byStreamKeys(keys, null)) {
            for (StoredEvent event : CommitSchema.events(commit)) {
                if (aggregateIdentifier.equals(event.getAggregateIdentifier()) && event.getSequenceNumber() >= from) {
                    events.putIfAbsent(event.getSequenceNumber(), event);
                }
            }
        }
        return new ArrayList<>(events.values());
    }

    /**
     * The highest sequence number of the aggregate, by a {@link BoundarySearch} over exact stream-key probes: one
     * round trip for aggregates with fewer than 64 events, a few for longer streams, none of them scans.
     */
    Optional<Long> lastSequenceNumber(String aggregateIdentifier) {
        long firstFree = BoundarySearch.firstFreeFrom(0L, sequenceNumbers -> coveredEnds(aggregateIdentifier,
                                                                                         sequenceNumbers));
        return firstFree == 0L ? Optional.empty() : Optional.of(firstFree - 1);
    }

    private Map<Long, Long> coveredEnds(String aggregateIdentifier, List<Long> sequenceNumbers) {
        List<String> keys = sequenceNumbers.stream()
                                           .map(sequenceNumber -> CommitSchema.streamKey(aggregateIdentifier,
                                                                                         sequenceNumber))
                                           .toList();
        String prefix = aggregateIdentifier + '/';
        Map<Long, Long> ends = new HashMap<>();
        for (BsonDocument commit : log.byStreamKeys(keys, STREAM_KEYS_ONLY)) {
            TreeSet<Long> stored = new TreeSet<>();
            for (BsonValue key : commit.getArray(STREAM_KEYS)) {
                String text = key.asString().getValue();
                // the sequence number follows the last '/', so this also works for ids containing '/'
                if (text.startsWith(prefix) && text.indexOf('/', prefix.length()) < 0) {
                    stored.add(Long.parseLong(text.substring(prefix.length())));
                }
            }
            for (long sequenceNumber : sequenceNumbers) {
                if (stored.contains(sequenceNumber)) {
                    ends.put(sequenceNumber, stored.last() + 1);
                }
            }
        }
        return ends;
    }
}
