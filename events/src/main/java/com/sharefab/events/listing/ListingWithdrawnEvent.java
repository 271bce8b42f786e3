package com.sharefab.events.listing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The listing is gone for good; it held no live reservations. */
@Revision("1")
public record ListingWithdrawnEvent(String listingId, Instant withdrawnAt) implements ListingEvent {}
