package com.sharefab.events.firm;

/** Every event of a firm, so projections can switch over them exhaustively. */
public sealed interface FirmEvent permits FirmRegisteredEvent {

    /** The firm the event belongs to. */
    String firmId();
}
