package com.sharefab.query.settlement;

import com.sharefab.events.settlement.SettlementEvent;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * A settlement as it was at some moment: its events, upcast and deserialized as the live projection gets them,
 * folded with the projection's own {@link SettlementFold} up to the first event the caller leaves out.
 */
@Component
public class SettlementHistory {

    private final EventStore eventStore;

    SettlementHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The settlement document after every event of its stream that {@code include} accepts, up to the first it refuses. */
    public Optional<Document> documentAsOf(String settlementId, Predicate<DomainEventMessage<?>> include) {
        Document document = null;
        var stream = eventStore.readEvents(settlementId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!include.test(message)) {
                break;
            }
            if (message.getPayload() instanceof SettlementEvent event) {
                var next = SettlementFold.apply(document, event, message.getSequenceNumber(), message.getTimestamp());
                if (next != null) {
                    document = next;
                }
            }
        }
        return Optional.ofNullable(document);
    }

    /** The settlement as the GraphQL {@code Settlement} type shows it, at that moment. */
    public Optional<SettlementView> asOf(String settlementId, Predicate<DomainEventMessage<?>> include) {
        return documentAsOf(settlementId, include).map(SettlementViews::toView);
    }
}
