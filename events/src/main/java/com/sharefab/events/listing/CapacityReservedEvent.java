package com.sharefab.events.listing;

import com.sharefab.events.Money;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Units were held for an order, day by day, at the price in force.
 *
 * @param listingId   the listing
 * @param orderId     the order the units are held for
 * @param quantity    total units held
 * @param allocations units per day, earliest first
 * @param unitPrice   the price the reservation was made at (locked for the order)
 * @param reservedAt  business time
 */
@Revision("1")
public record CapacityReservedEvent(
        String listingId,
        String orderId,
        long quantity,
        List<DayAllocation> allocations,
        Money unitPrice,
        Instant reservedAt)
        implements ListingEvent {}
