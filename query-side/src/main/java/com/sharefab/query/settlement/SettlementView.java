package com.sharefab.query.settlement;

import com.sharefab.events.Money;
import java.time.Instant;

/**
 * A settlement as the GraphQL {@code Settlement} type shows it.
 *
 * @param id                    the settlement id
 * @param held                  what escrow holds now
 * @param refundsInFlight       refunds requested, not yet confirmed by the provider
 * @param payoutsInFlight       payouts requested, not yet confirmed
 */
public record SettlementView(
        String id,
        String orderId,
        String buyerFirmId,
        String factoryFirmId,
        Money amount,
        int commissionBasisPoints,
        String status,
        String paymentId,
        String providerPaymentId,
        Money captured,
        Money held,
        Money released,
        Money commission,
        Money refunded,
        Money refundsInFlight,
        Money paidOut,
        Money payoutsInFlight,
        int rejectedNotifications,
        Instant openedAt,
        Instant updatedAt) {}
