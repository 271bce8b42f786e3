package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

/** Read-your-writes skips its poll only for aggregates whose segment this node holds, by Axon's own split. */
class ClaimedSegmentsTest {

    private static final Segment[] HALVES = Segment.ROOT_SEGMENT.split();

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor orderViews = mock(StreamingEventProcessor.class);
    private final ClaimedSegments claimed = new ClaimedSegments(provider(processing));

    @SuppressWarnings("unchecked")
    private static ObjectProvider<EventProcessingConfiguration> provider(EventProcessingConfiguration processing) {
        ObjectProvider<EventProcessingConfiguration> provider = mock(ObjectProvider.class);
        when(provider.getObject()).thenReturn(processing);
        return provider;
    }

    private void holds(Segment... segments) {
        when(processing.eventProcessor("order-views", StreamingEventProcessor.class)).thenReturn(Optional.of(orderViews));
        var status = new HashMap<Integer, EventTrackerStatus>();
        for (Segment segment : segments) {
            var tracker = mock(EventTrackerStatus.class);
            when(tracker.getSegment()).thenReturn(segment);
            status.put(segment.getSegmentId(), tracker);
        }
        when(orderViews.processingStatus()).thenReturn(Map.copyOf(status));
    }

    /** An order id whose events fall in {@code segment}. */
    private static String anOrderIn(Segment segment) {
        return IntStream.range(0, 100).mapToObj(i -> "order-" + i).filter(segment::matches).findFirst().orElseThrow();
    }

    @Test
    void anOrderInTheSegmentThisNodeHolds_isProjectedHere_oneInTheOtherNodesIsNot() {
        holds(HALVES[0]);

        assertThat(claimed.projectedHere("order-views", anOrderIn(HALVES[0]))).isTrue();
        assertThat(claimed.projectedHere("order-views", anOrderIn(HALVES[1]))).isFalse();
    }

    @Test
    void theWholeProcessorHere_everyOrderIsProjectedHere() {
        holds(Segment.ROOT_SEGMENT);

        assertThat(claimed.projectedHere("order-views", anOrderIn(HALVES[0]))).isTrue();
        assertThat(claimed.projectedHere("order-views", anOrderIn(HALVES[1]))).isTrue();
    }

    @Test
    void noSegmentHeldHere_orNoSuchGroup_nothingIsProjectedHere() {
        holds();

        assertThat(claimed.projectedHere("order-views", "order-1")).isFalse();
        assertThat(claimed.projectedHere("firm-views", "firm-1")).isFalse();
    }

    @Test
    void aSegmentClaimedLater_isSeen() {
        holds();
        assertThat(claimed.projectedHere("order-views", "order-1")).isFalse();

        holds(Segment.ROOT_SEGMENT); // the other node died and this one claimed its segment

        assertThat(claimed.projectedHere("order-views", "order-1")).isTrue();
    }
}
