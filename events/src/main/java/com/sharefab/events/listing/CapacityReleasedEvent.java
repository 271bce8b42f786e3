package com.sharefab.events.listing;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** An order's reservation was given back; its units are free again. */
@Revision("1")
public record CapacityReleasedEvent(String listingId, String orderId, List<DayAllocation> allocations, Instant releasedAt)
        implements ListingEvent {}
