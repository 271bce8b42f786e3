package com.sharefab.query.order;

import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * An order as it was at some moment: its events, upcast and deserialized as the live {@link OrderProjection} gets
 * them, folded with the projection's own {@link OrderFold} (and its defaults for a missing actor) up to the first
 * event the caller leaves out.
 */
@Component
public class OrderHistory {

    private final EventStore eventStore;

    OrderHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The order after every event of its stream that {@code include} accepts, up to the first it refuses. */
    public Optional<OrderView> asOf(String orderId, Predicate<DomainEventMessage<?>> include) {
        OrderView view = null;
        var stream = eventStore.readEvents(orderId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!include.test(message)) {
                break;
            }
            if (message.getPayload() instanceof OrderEvent event) {
                if (view == null && !(event instanceof OrderPlacedEvent)) {
                    continue; // the projection skips it too
                }
                view = OrderFold.apply(view, event, message.getSequenceNumber(), actor(message),
                        message.getTimestamp());
            }
        }
        return Optional.ofNullable(view);
    }

    /** The view as the read model stores it (the {@code order_views} document), for comparing two moments. */
    public static Document document(OrderView view) {
        return OrderViews.toDocument(view);
    }

    private static Actor actor(DomainEventMessage<?> message) {
        return OrderFold.actor(string(message, EventMetadata.ACTOR_ID), string(message, EventMetadata.ACTOR_FIRM_ID),
                string(message, EventMetadata.ACTOR_ROLE));
    }

    private static String string(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
