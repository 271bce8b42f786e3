package com.sharefab.events.settlement;

/**
 * Every event of a settlement (the money of one order). The records named in {@code docs/contracts/settlement.md}
 * are what the order's process reacts to; their fields do not change without an upcaster.
 */
public sealed interface SettlementEvent
        permits SettlementOpenedEvent,
                PaymentRequestedEvent,
                PaymentCapturedEvent,
                PaymentNotificationRejectedEvent,
                SettlementCancelledEvent,
                RefundRequestedEvent,
                PaymentRefundedEvent,
                EscrowSplitEvent,
                EscrowReleasedEvent,
                PayoutRequestedEvent,
                FactoryPaidOutEvent,
                SettlementClosedEvent {

    /** The settlement the event belongs to. */
    String settlementId();

    /** The order whose money it is. */
    String orderId();
}
