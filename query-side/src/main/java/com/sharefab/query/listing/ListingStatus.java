package com.sharefab.query.listing;

/** Whether a listing takes reservations: the GraphQL {@code ListingStatus}. */
public enum ListingStatus {
    /** Takes reservations and shows in the catalog. */
    ACTIVE,
    /** Takes none until resumed; hidden from the catalog. */
    PAUSED,
    /** Gone for good. */
    WITHDRAWN
}
