package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The provider paid the factory what escrow released to it.
 *
 * @param settlementId     the settlement
 * @param orderId          the order
 * @param payoutId         the id of the payout operation
 * @param providerPayoutId the provider's id of the payout
 * @param amount           paid out
 * @param paidOutAt        business time
 */
@Revision("1")
public record FactoryPaidOutEvent(
        String settlementId, String orderId, String payoutId, String providerPayoutId, Money amount, Instant paidOutAt)
        implements SettlementEvent {}
