package com.sharefab.events.listing;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Production of an order finished; its reservation is used up and no longer live. */
@Revision("1")
public record CapacityConsumedEvent(String listingId, String orderId, List<DayAllocation> allocations, Instant consumedAt)
        implements ListingEvent {}
