package com.sharefab.app.observability;

import com.sharefab.events.listing.CapacityReservationRejectedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Counts rejected reservations by reason ({@code sharefab.reservations.rejected}). Its own processing group, which
 * starts at the head of the log and never replays, so a reset or a new node counts nothing twice; across nodes the
 * counters add up (the node holding the group's segment counts).
 */
@Component
@ProcessingGroup(ReservationRejections.PROCESSING_GROUP)
class ReservationRejections {

    static final String PROCESSING_GROUP = "reservation-metrics";
    static final String METER = "sharefab.reservations.rejected";
    private static final List<String> KNOWN_REASONS =
            List.of("NO_CAPACITY", "BELOW_MINIMUM_ORDER", "LISTING_PAUSED", "LISTING_WITHDRAWN");

    private final MeterRegistry registry;

    ReservationRejections(MeterRegistry registry) {
        this.registry = registry;
        KNOWN_REASONS.forEach(this::counter); // at 0 from the start, so a dashboard's rate() has a series to work on
    }

    @EventHandler
    @DisallowReplay
    void on(CapacityReservationRejectedEvent event) {
        counter(event.reason()).increment();
    }

    private Counter counter(String reason) {
        return Counter.builder(METER)
                .description("Reservations a listing rejected, by reason")
                .tag("reason", reason)
                .register(registry);
    }
}
