package com.sharefab.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the first free position of a dense run of taken positions using only exact point lookups.
 * <p>
 * mongo-java-server can only answer equality / {@code $in} queries from an index, never ranges or sorts, so "the
 * highest global index" or "the last sequence number of an aggregate" cannot be asked directly without scanning.
 * But the taken positions form a prefix (global indexes: every commit starts where another ended; aggregate streams:
 * sequence numbers are consecutive), so the boundary can be searched for with batches of point probes, each batch one
 * {@code $in} round trip:
 * <ol>
 *   <li>a dense window of {@value #PROBES_PER_ROUND} positions from the start (the common case: the boundary is close,
 *   e.g. an aggregate with few events or a writer that is a few commits behind: one round trip);</li>
 *   <li>then exponentially growing offsets until a free probe bounds the search;</li>
 *   <li>then {@value #PROBES_PER_ROUND}-ary subdivision: each round shrinks the interval 64-fold (5 rounds for 10^9).</li>
 * </ol>
 * A probe that hits a taken position also returns the end of the record covering it (a whole commit), which moves
 * the lower bound further than the probe itself.
 * <p>
 * If the taken positions are not a prefix (a commit document was deleted by hand, leaving a hole), the result is the
 * end of some run of taken positions at or after {@code start}; callers treat it as a hint and stay correct.
 */
final class BoundarySearch {

    static final int PROBES_PER_ROUND = 64;

    /** Exact lookups: for each probed position that is taken, the exclusive end of the record that covers it. */
    @FunctionalInterface
    interface Probe {
        Map<Long, Long> coveredEnds(List<Long> positions);
    }

    private BoundarySearch() {
    }

    static long firstFreeFrom(long start, Probe probe) {
        long lower = start;             // everything known below this is taken
        long upper = Long.MAX_VALUE;    // a position known to be free; MAX_VALUE while unknown
        boolean firstRound = true;
        while (lower < upper) {
            List<Long> positions = firstRound ? dense(lower)
                    : upper == Long.MAX_VALUE ? exponential(lower)
                    : spread(lower, upper);
            firstRound = false;
            Map<Long, Long> ends = probe.coveredEnds(positions);
            long newLower = lower;
            for (long end : ends.values()) {
                newLower = Math.max(newLower, end);
            }
            for (long position : positions) {
                if (position >= newLower && !ends.containsKey(position)) {
                    upper = Math.min(upper, position);
                }
            }
            // 'lower' is always probed: either it is free (upper = lower, done) or covered (newLower > lower).
            lower = newLower;
        }
        return lower;
    }

    private static List<Long> dense(long from) {
        List<Long> positions = new ArrayList<>(PROBES_PER_ROUND);
        for (int offset = 0; offset < PROBES_PER_ROUND; offset++) {
            positions.add(from + offset);
        }
        return positions;
    }

    private static List<Long> exponential(long from) {
        List<Long> positions = new ArrayList<>(PROBES_PER_ROUND);
        positions.add(from);
        for (long offset = 1; offset > 0 && from <= Long.MAX_VALUE - offset; offset <<= 1) {
            positions.add(from + offset);
        }
        return positions;
    }

    private static List<Long> spread(long from, long to) {
        long step = Math.max(1L, (to - from + PROBES_PER_ROUND - 1) / PROBES_PER_ROUND);
        List<Long> positions = new ArrayList<>(PROBES_PER_ROUND);
        for (long position = from; position < to; position += step) {
            positions.add(position);
        }
        return positions;
    }
}
