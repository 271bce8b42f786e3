package com.sharefab.query.settlement;

import com.sharefab.events.settlement.SettlementEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** Keeps {@link SettlementViews} up to date; its own processing group, so it can be replayed alone. */
@Component
@ProcessingGroup(SettlementProjection.PROCESSING_GROUP)
class SettlementProjection {

    static final String PROCESSING_GROUP = "settlement-views";

    private final SettlementViews views;

    SettlementProjection(SettlementViews views) {
        this.views = views;
    }

    @EventHandler
    void on(SettlementEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        views.apply(event, sequence, at);
    }

    @ResetHandler
    void reset() {
        views.clear();
    }
}
