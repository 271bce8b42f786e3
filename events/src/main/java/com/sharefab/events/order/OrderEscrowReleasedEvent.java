package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Escrow was released to the factory (recorded from the settlement, for the order's timeline).
 *
 * @param orderId    the order
 * @param releaseId  the settlement's release operation
 * @param toFactory  payable to the factory
 * @param commission kept by the platform
 * @param releasedAt business time of the release
 */
@Revision("1")
public record OrderEscrowReleasedEvent(
        String orderId, String releaseId, Money toFactory, Money commission, Instant releasedAt)
        implements OrderEvent {}
