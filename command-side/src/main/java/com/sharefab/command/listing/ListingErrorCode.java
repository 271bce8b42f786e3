package com.sharefab.command.listing;

/** Why a listing command was refused (besides the common BAD_USER_INPUT, NOT_FOUND and FORBIDDEN). */
public enum ListingErrorCode {
    /** The listing id was used before with a different publication. */
    LISTING_ID_CONFLICT,
    /** The new daily capacity is below what is already reserved on some day. */
    DAILY_CAPACITY_BELOW_RESERVED,
    /** A day to close holds reservations. */
    DAY_HAS_RESERVATIONS,
    /** The listing still holds reservations that were neither released nor consumed. */
    LISTING_HAS_LIVE_RESERVATIONS,
    /** The listing was withdrawn and takes no more changes. */
    LISTING_WITHDRAWN,
    /** The buyer's firm already holds as many unpaid reservations as it may ({@code ReservationCap}). */
    UNPAID_RESERVATION_LIMIT
}
