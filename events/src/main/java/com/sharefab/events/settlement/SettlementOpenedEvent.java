package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The money of an order is now tracked: what the buyer owes and the commission rate in force when it opened.
 *
 * @param settlementId          {@link SettlementIds#forOrder} of the order
 * @param orderId               the order
 * @param buyerFirmId           who pays
 * @param factoryFirmId         who is paid
 * @param amount                what the buyer pays (quantity × locked unit price)
 * @param commissionBasisPoints platform commission in 1/100 of a percent (300 = 3 %), fixed for this settlement
 * @param openedAt              business time
 */
@Revision("1")
public record SettlementOpenedEvent(
        String settlementId,
        String orderId,
        String buyerFirmId,
        String factoryFirmId,
        Money amount,
        int commissionBasisPoints,
        Instant openedAt)
        implements SettlementEvent {}
