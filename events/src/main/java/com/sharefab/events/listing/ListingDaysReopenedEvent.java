package com.sharefab.events.listing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Closed days were opened for booking again. */
@Revision("1")
public record ListingDaysReopenedEvent(String listingId, List<LocalDate> days, Instant changedAt) implements ListingEvent {}
