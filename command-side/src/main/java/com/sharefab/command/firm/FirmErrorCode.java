package com.sharefab.command.firm;

/** Why a firm command was refused. */
public enum FirmErrorCode {
    /** Another firm already registered this Unified Social Credit Code. */
    USCC_ALREADY_REGISTERED,
    /** The firm id was used before with a different registration. */
    FIRM_ID_CONFLICT
}
