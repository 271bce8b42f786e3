package com.sharefab.events.order;

import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The listing holds the order's units; the price is locked and payment is due.
 *
 * @param orderId     the order
 * @param unitPrice   the locked price
 * @param amount      what the buyer pays: quantity × unit price
 * @param allocations units per production day, earliest first
 * @param payBy       when the order is cancelled if still unpaid
 * @param reservedAt  business time
 */
@Revision("1")
public record OrderCapacityReservedEvent(
        String orderId, Money unitPrice, Money amount, List<DayAllocation> allocations, Instant payBy, Instant reservedAt)
        implements OrderEvent {}
