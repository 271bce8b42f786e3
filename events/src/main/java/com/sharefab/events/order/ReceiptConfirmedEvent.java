package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The buyer accepted the delivered work, or the platform did at the deadline; escrow is released.
 *
 * @param orderId     the order
 * @param automatic   whether the deadline confirmed it
 * @param confirmedAt business time
 */
@Revision("1")
public record ReceiptConfirmedEvent(String orderId, boolean automatic, Instant confirmedAt) implements OrderEvent {}
