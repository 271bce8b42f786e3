package com.sharefab.command.order;

/** Why an order command was refused (besides the common BAD_USER_INPUT, NOT_FOUND and FORBIDDEN). */
public enum OrderErrorCode {
    /** The order id was used before with a different order. */
    ORDER_ID_CONFLICT,
    /** The order id is the id of something else (a listing, a firm): choose another. */
    ORDER_ID_TAKEN,
    /** The order's status does not allow this step now. */
    INVALID_ORDER_STATUS,
    /** The step was already recorded with other details (a report id, a shipment's tracking number...). */
    STEP_ALREADY_RECORDED,
    /** The dispute window closed; the receipt is confirmed or about to be. */
    DISPUTE_WINDOW_CLOSED,
    /** The refund asked for is more than escrow holds. */
    REFUND_EXCEEDS_ESCROW
}
