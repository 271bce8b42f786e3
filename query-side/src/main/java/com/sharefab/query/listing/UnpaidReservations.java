package com.sharefab.query.listing;

/**
 * How many reservations a buyer firm holds that are not paid yet: the number the cap on a buyer's unpaid
 * reservations is checked against, so nobody hoards a factory's calendar by reserving without paying.
 *
 * <p>Today (no orders yet) a reservation counts until it is consumed or released ({@code ReservationHolds}). When
 * orders and payment exist (issue 4), the order read model provides a {@code @Primary} implementation that counts
 * the buyer's orders holding capacity whose payment was not captured, and order placement calls the cap first.
 */
public interface UnpaidReservations {

    /** Unpaid reservations held by {@code buyerFirmId}. */
    long count(String buyerFirmId);

    /** Whether the buyer already holds this order's reservation on this listing (a retry never counts twice). */
    boolean holds(String buyerFirmId, String listingId, String orderId);
}
