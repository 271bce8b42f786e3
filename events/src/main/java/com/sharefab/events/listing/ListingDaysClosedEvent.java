package com.sharefab.events.listing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Days were closed for booking. */
@Revision("1")
public record ListingDaysClosedEvent(String listingId, List<LocalDate> days, Instant changedAt) implements ListingEvent {}
