package com.sharefab.query.firm;

import com.sharefab.events.firm.FirmRegisteredEvent;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps {@link FirmViews} up to date; its own processing group, so it can be replayed alone. */
@Component
@ProcessingGroup(FirmProjection.PROCESSING_GROUP)
class FirmProjection {

    static final String PROCESSING_GROUP = "firm-views";

    private final FirmViews views;

    FirmProjection(FirmViews views) {
        this.views = views;
    }

    @EventHandler
    void on(FirmRegisteredEvent event, @SequenceNumber long sequence) {
        views.save(
                new FirmView(
                        event.firmId(),
                        event.name(),
                        event.uscc(),
                        List.copyOf(event.roles()),
                        event.contactName(),
                        event.contactPhone(),
                        event.contactEmail(),
                        event.registeredAt()),
                sequence);
    }

    @ResetHandler
    void reset() {
        views.clear();
    }
}
