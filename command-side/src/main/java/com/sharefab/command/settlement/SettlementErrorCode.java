package com.sharefab.command.settlement;

/** Why a settlement command was refused (besides the common BAD_USER_INPUT, NOT_FOUND and FORBIDDEN). */
public enum SettlementErrorCode {
    /** An operation id was used before with another payload, or a settlement id with another order. */
    OPERATION_ID_CONFLICT,
    /** The settlement was cancelled or closed: no payment is expected. */
    SETTLEMENT_CLOSED,
    /** The payment was captured already. */
    ALREADY_PAID,
    /** Nothing was captured yet: nothing to release or split. */
    PAYMENT_NOT_CAPTURED,
    /** Escrow holds nothing (it was released or refunded). */
    ESCROW_EMPTY,
    /** The amount asked for is more than escrow holds, negative, or in another currency. */
    AMOUNT_NOT_IN_ESCROW
}
