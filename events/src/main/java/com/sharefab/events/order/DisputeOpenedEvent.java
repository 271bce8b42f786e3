package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The buyer contests quantity or quality; the operator decides.
 *
 * @param orderId        the order
 * @param reason         the buyer's words
 * @param unitsContested units the buyer contests
 * @param openedAt       business time
 */
@Revision("1")
public record DisputeOpenedEvent(String orderId, String reason, long unitsContested, Instant openedAt)
        implements OrderEvent {}
