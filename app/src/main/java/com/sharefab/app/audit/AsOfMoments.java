package com.sharefab.app.audit;

import com.sharefab.audit.AuditedEvent;
import com.sharefab.query.graphql.InvalidArgumentException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Turns a moment (an instant, or a global position) into the test "was this event of the aggregate written by then",
 * as {@code listingAsOf} does: by instant, the events with timestamps up to and including it; by position, the
 * aggregate's events with a global index up to and including it (read from the stored commits, since a deserialized
 * message does not carry its global index).
 */
@Component
class AsOfMoments {

    /** {@code AsOfMoment}: exactly one of the two. */
    record Moment(Instant at, Long globalIndex) {}

    private final StoredEvents events;

    AsOfMoments(StoredEvents events) {
        this.events = events;
    }

    Predicate<DomainEventMessage<?>> upTo(String aggregateId, Moment moment, String argument) {
        if (moment == null || (moment.at() == null) == (moment.globalIndex() == null)) {
            throw new InvalidArgumentException(argument, "give exactly one of at and globalIndex");
        }
        if (moment.at() != null) {
            Instant at = moment.at();
            return message -> !message.getTimestamp().isAfter(at);
        }
        long globalIndex = moment.globalIndex();
        Set<String> upToPosition = new HashSet<>();
        for (long from = 0; ; from += AuditChain.WINDOW) {
            List<AuditedEvent> window = events.ofAggregate(aggregateId, from, AuditChain.WINDOW);
            window.stream().filter(event -> event.globalIndex() <= globalIndex)
                    .forEach(event -> upToPosition.add(event.eventIdentifier()));
            if (window.size() < AuditChain.WINDOW || window.get(window.size() - 1).globalIndex() > globalIndex) {
                break;
            }
        }
        return message -> upToPosition.contains(message.getIdentifier());
    }
}
