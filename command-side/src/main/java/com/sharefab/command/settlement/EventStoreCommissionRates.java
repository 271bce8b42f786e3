package com.sharefab.command.settlement;

import com.sharefab.events.settlement.CommissionRateSetEvent;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The rate in force is the last one the operator set, read from the platform commission's own stream, or the
 * configured default when none was set.
 *
 * <p>Every settlement opening asks, so the stream is not read whole each time: the rate is kept with the sequence
 * number it was read up to, and each call reads only the events after it (usually none: one point query, no snapshot
 * lookup). A rate set on another node is therefore seen by the next opening here, as before.
 */
@Component
class EventStoreCommissionRates implements CommissionRates {

    /** The rate and the next sequence number of the commission's stream to read from. */
    private record Known(int basisPoints, long nextSequence) {}

    private final EventStore eventStore;
    private final AtomicReference<Known> known;

    EventStoreCommissionRates(
            EventStore eventStore,
            @Value("${sharefab.settlement.commission-basis-points:300}") int defaultBasisPoints) {
        this.eventStore = eventStore;
        this.known = new AtomicReference<>(new Known(defaultBasisPoints, 0));
    }

    @Override
    public int current() {
        Known before = known.get();
        DomainEventStream newer = eventStore.readEvents(PlatformCommission.ID, before.nextSequence());
        int rate = before.basisPoints();
        long next = before.nextSequence();
        while (newer.hasNext()) {
            var event = newer.next();
            next = event.getSequenceNumber() + 1;
            if (event.getPayload() instanceof CommissionRateSetEvent set) {
                rate = set.basisPoints();
            }
        }
        if (next != before.nextSequence()) {
            Known after = new Known(rate, next);
            // Concurrent callers read the same events; keep whichever read further.
            known.accumulateAndGet(after, (mine, theirs) -> theirs.nextSequence() > mine.nextSequence() ? theirs : mine);
        }
        return rate;
    }
}
