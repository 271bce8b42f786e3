package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The operator's decision on a dispute, as taken: the refund and the release that follow carry the money
 * ({@link RefundRequestedEvent} {@code splitId + ":refund"}, {@link EscrowReleasedEvent} {@code splitId}).
 *
 * @param settlementId  the settlement
 * @param orderId       the order
 * @param splitId       the id of the split operation (idempotency)
 * @param refundToBuyer refunded to the buyer
 * @param toRelease     released to the factory (before commission)
 * @param decidedAt     business time
 */
@Revision("1")
public record EscrowSplitEvent(
        String settlementId, String orderId, String splitId, Money refundToBuyer, Money toRelease, Instant decidedAt)
        implements SettlementEvent {}
