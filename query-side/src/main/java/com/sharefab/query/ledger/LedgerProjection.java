package com.sharefab.query.ledger;

import com.sharefab.events.settlement.SettlementEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** Books every settlement event's money in {@link LedgerViews}; its own processing group, replayable alone. */
@Component
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
class LedgerProjection {

    static final String PROCESSING_GROUP = "ledger";

    private final LedgerViews ledger;

    LedgerProjection(LedgerViews ledger) {
        this.ledger = ledger;
    }

    @EventHandler
    void on(SettlementEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        ledger.post(event, sequence, at);
    }

    @ResetHandler
    void reset() {
        ledger.clear();
    }
}
