package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Escrow was released: the factory is owed {@code toFactory}, the platform keeps {@code commission}.
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param releaseId    the id of the release operation (idempotency)
 * @param toFactory    payable to the factory
 * @param commission   kept by the platform
 * @param releasedAt   business time
 */
@Revision("1")
public record EscrowReleasedEvent(
        String settlementId, String orderId, String releaseId, Money toFactory, Money commission, Instant releasedAt)
        implements SettlementEvent {}
