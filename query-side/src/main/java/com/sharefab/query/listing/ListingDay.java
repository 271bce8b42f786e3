package com.sharefab.query.listing;

import java.time.LocalDate;

/**
 * One day of a listing's calendar, as the GraphQL {@code ListingDay} type shows it.
 *
 * @param id                 {@code listingId:date}
 * @param date               the production day (Asia/Shanghai calendar)
 * @param closed             closed by the factory, or outside the bookable range
 * @param capacity           units the day offers: the daily capacity, 0 when closed
 * @param reserved           units held or already produced that day (live and consumed reservations)
 * @param free               units still free: capacity minus reserved, never below 0
 * @param utilisationPercent reserved / capacity in percent, 0 on closed days
 */
public record ListingDay(
        String id,
        LocalDate date,
        boolean closed,
        long capacity,
        long reserved,
        long free,
        double utilisationPercent) {}
