package com.sharefab.query.listing;

import com.sharefab.events.listing.ListingEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A listing as it was at some moment: its events, upcast and deserialized as the live projection gets them, folded
 * with the projection's own {@link ListingFold} up to the first event the caller leaves out (a state is always a
 * prefix of the stream).
 */
@Component
public class ListingHistory {

    private final EventStore eventStore;

    ListingHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The listing after every event of its stream that {@code include} accepts, up to the first it refuses. */
    public Optional<ListingView> asOf(String listingId, Predicate<DomainEventMessage<?>> include) {
        ListingView view = null;
        var stream = eventStore.readEvents(listingId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!include.test(message)) {
                break;
            }
            if (message.getPayload() instanceof ListingPublishedEvent published) {
                view = ListingFold.published(published, message.getSequenceNumber());
            } else if (message.getPayload() instanceof ListingEvent event && view != null) {
                view = ListingFold.apply(view, event, message.getSequenceNumber());
            }
        }
        return Optional.ofNullable(view);
    }
}
