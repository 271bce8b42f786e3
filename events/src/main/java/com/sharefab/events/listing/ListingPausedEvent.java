package com.sharefab.events.listing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The listing takes no new reservations until resumed. */
@Revision("1")
public record ListingPausedEvent(String listingId, String reason, Instant pausedAt) implements ListingEvent {}
