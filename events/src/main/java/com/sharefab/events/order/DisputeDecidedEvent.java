package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The operator split escrow: {@code refundToBuyer} back to the buyer, the rest released to the factory.
 *
 * @param orderId       the order
 * @param refundToBuyer refunded to the buyer
 * @param releaseToFactory released to the factory (before commission)
 * @param note          the operator's reasons
 * @param decidedAt     business time
 */
@Revision("1")
public record DisputeDecidedEvent(
        String orderId, Money refundToBuyer, Money releaseToFactory, String note, Instant decidedAt)
        implements OrderEvent {}
