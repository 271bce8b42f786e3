package com.sharefab.query.order;

import com.sharefab.events.EventMetadata;
import com.sharefab.events.order.OrderEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link OrderViews} up to date; its own processing group, so it can be replayed alone. Idempotent: a view
 * remembers the aggregate sequence of the last event it applied, and an event at or below it is skipped.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
class OrderProjection {

    static final String PROCESSING_GROUP = "order-views";

    private static final Logger log = LoggerFactory.getLogger(OrderProjection.class);

    private final OrderViews views;

    OrderProjection(OrderViews views) {
        this.views = views;
    }

    @EventHandler
    void on(
            OrderEvent event,
            @SequenceNumber long sequence,
            @Timestamp Instant timestamp,
            @MetaDataValue(EventMetadata.ACTOR_ID) String actorId,
            @MetaDataValue(EventMetadata.ACTOR_FIRM_ID) String actorFirmId,
            @MetaDataValue(EventMetadata.ACTOR_ROLE) String actorRole) {
        var current = views.find(event.orderId());
        if (current.isPresent() && sequence <= current.get().lastSequence()) {
            views.touched(event.orderId());
            return;
        }
        if (current.isEmpty() && !(event instanceof OrderPlacedEvent)) {
            log.error("{} at sequence {} for order {} which has no view; skipped",
                    event.getClass().getSimpleName(), sequence, event.orderId());
            return;
        }
        views.save(current.orElse(null), OrderFold.apply(
                current.orElse(null), event, sequence, OrderFold.actor(actorId, actorFirmId, actorRole), timestamp));
    }

    @ResetHandler
    void reset() {
        views.clear();
    }
}
