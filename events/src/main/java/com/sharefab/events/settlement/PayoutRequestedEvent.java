package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * What escrow released to the factory is to be paid out by the provider under {@code payoutId} (its idempotency
 * key); confirmed by a {@link FactoryPaidOutEvent} with the same id.
 *
 * @param settlementId  the settlement
 * @param orderId       the order
 * @param payoutId      the id of the payout operation
 * @param factoryFirmId who is paid
 * @param amount        to pay out
 * @param requestedAt   business time
 */
@Revision("1")
public record PayoutRequestedEvent(
        String settlementId, String orderId, String payoutId, String factoryFirmId, Money amount, Instant requestedAt)
        implements SettlementEvent {}
