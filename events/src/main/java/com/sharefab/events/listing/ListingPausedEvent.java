package com.sharefab.events.listing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The listing takes no new reservations until resumed.
 *
 * <p>Revision 2 added {@code reasonCode}, a machine-readable reason beside the free-text one. Revision 1 payloads
 * are still in the store: {@code ListingPausedEventUpcaster} (app) upcasts them with {@link #UNSPECIFIED}.
 *
 * @param reasonCode why, for reports: {@code MAINTENANCE}, {@code FULL}, {@code HOLIDAY}, ... or {@link #UNSPECIFIED}
 */
@Revision("2")
public record ListingPausedEvent(String listingId, String reason, Instant pausedAt, String reasonCode)
        implements ListingEvent {

    /** What revision 1 events, and pauses given without a code, say. */
    public static final String UNSPECIFIED = "UNSPECIFIED";

    /** A pause without a reason code (what every pause was before revision 2). */
    public ListingPausedEvent(String listingId, String reason, Instant pausedAt) {
        this(listingId, reason, pausedAt, UNSPECIFIED);
    }
}
