package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * No capacity could be held for the order: it ends at once, nothing was paid.
 *
 * @param orderId    the order
 * @param reason     {@code NO_CAPACITY}, {@code BELOW_MINIMUM_ORDER}, {@code LISTING_PAUSED},
 *                   {@code LISTING_WITHDRAWN} or {@code RESERVATION_FAILED}
 * @param message    the reason in words
 * @param rejectedAt business time
 */
@Revision("1")
public record OrderRejectedEvent(String orderId, String reason, String message, Instant rejectedAt)
        implements OrderEvent {}
