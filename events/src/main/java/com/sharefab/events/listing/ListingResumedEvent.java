package com.sharefab.events.listing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A paused listing takes reservations again. */
@Revision("1")
public record ListingResumedEvent(String listingId, Instant resumedAt) implements ListingEvent {}
