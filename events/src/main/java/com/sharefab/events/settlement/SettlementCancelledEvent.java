package com.sharefab.events.settlement;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The order ended: no payment is expected any more. Before a capture the settlement closes without money; a
 * payment captured before or after is refunded in full ({@code PAID_AFTER_CANCEL}).
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param reason       the order side's reason (e.g. {@code PAYMENT_TIMEOUT}, {@code BUYER_CANCELLED})
 * @param cancelledAt  business time
 */
@Revision("1")
public record SettlementCancelledEvent(String settlementId, String orderId, String reason, Instant cancelledAt)
        implements SettlementEvent {}
