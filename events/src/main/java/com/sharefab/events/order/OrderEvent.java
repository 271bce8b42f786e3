package com.sharefab.events.order;

/** Every event of an order (the factory calls it a job), so projections can switch over them exhaustively. */
public sealed interface OrderEvent
        permits OrderPlacedEvent,
                OrderCapacityReservedEvent,
                OrderRejectedEvent,
                OrderPaidEvent,
                OrderCancelledEvent,
                OrderAcceptedEvent,
                OrderDeclinedEvent,
                MaterialsShippedEvent,
                MaterialsReceivedEvent,
                ProductionStartedEvent,
                ProductionProgressReportedEvent,
                OrderShippedEvent,
                ReceiptConfirmedEvent,
                DisputeOpenedEvent,
                DisputeDecidedEvent,
                OrderRefundedEvent,
                OrderEscrowReleasedEvent,
                OrderSettledEvent {

    /** The order the event belongs to. */
    String orderId();
}
