package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The factory rejected the paid job, or did not answer in time; capacity is given back and the buyer refunded.
 *
 * @param orderId    the order
 * @param reason     {@code FACTORY_REJECTED} or {@code ACCEPT_TIMEOUT}
 * @param note       the factory's words, or {@code null}
 * @param declinedAt business time
 */
@Revision("1")
public record OrderDeclinedEvent(String orderId, String reason, String note, Instant declinedAt)
        implements OrderEvent {}
