package com.sharefab.events.order;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The factory shipped the finished work (and returned unused materials); the buyer confirms or disputes.
 *
 * @param orderId             the order
 * @param quantity            units shipped
 * @param carrier             the carrier
 * @param trackingNumber      the carrier's tracking number
 * @param returnedMaterials   unused supplied materials sent back
 * @param confirmBy           when receipt is confirmed automatically
 * @param disputeWindowEndsAt the last moment the buyer may open a dispute
 * @param shippedAt           business time
 */
@Revision("1")
public record OrderShippedEvent(
        String orderId,
        long quantity,
        String carrier,
        String trackingNumber,
        List<MaterialQuantity> returnedMaterials,
        Instant confirmBy,
        Instant disputeWindowEndsAt,
        Instant shippedAt)
        implements OrderEvent {}
