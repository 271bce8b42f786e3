package com.sharefab.query.listing;

import java.time.LocalDate;

/** The GraphQL {@code ListingFilter} input, as sent. */
record ListingFilter(
        String stepCode,
        String industryCode,
        String province,
        String city,
        Long minFreeQuantity,
        LocalDate from,
        LocalDate to,
        Long maxUnitPriceFen) {}
