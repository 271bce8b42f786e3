package com.sharefab.events.listing;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The units the factory can produce per day changed. */
@Revision("1")
public record ListingDailyCapacityChangedEvent(String listingId, long dailyCapacity, Instant changedAt) implements ListingEvent {}
