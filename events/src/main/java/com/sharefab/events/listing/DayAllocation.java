package com.sharefab.events.listing;

import java.time.LocalDate;

/**
 * Units of a listing's daily capacity held on one day.
 *
 * @param day      the production day (Asia/Shanghai calendar)
 * @param quantity units held that day
 */
public record DayAllocation(LocalDate day, long quantity) {}
