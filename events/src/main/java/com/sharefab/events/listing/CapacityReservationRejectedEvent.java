package com.sharefab.events.listing;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A reservation could not be made; the order's process reacts to it.
 *
 * @param listingId  the listing
 * @param orderId    the order that asked
 * @param quantity   units asked for
 * @param windowFrom first day asked for
 * @param windowTo   last day asked for
 * @param reason     {@code NO_CAPACITY}, {@code BELOW_MINIMUM_ORDER}, {@code LISTING_PAUSED} or
 *                   {@code LISTING_WITHDRAWN}
 * @param rejectedAt business time
 */
@Revision("1")
public record CapacityReservationRejectedEvent(
        String listingId,
        String orderId,
        long quantity,
        LocalDate windowFrom,
        LocalDate windowTo,
        String reason,
        Instant rejectedAt)
        implements ListingEvent {}
