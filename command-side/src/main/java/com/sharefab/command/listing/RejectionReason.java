package com.sharefab.command.listing;

/** Why a reservation could not be made; the {@code reason} of a {@code CapacityReservationRejectedEvent}. */
enum RejectionReason {
    NO_CAPACITY,
    BELOW_MINIMUM_ORDER,
    LISTING_PAUSED,
    LISTING_WITHDRAWN
}
