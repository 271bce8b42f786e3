package com.sharefab.query.listing;

import com.sharefab.events.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A capacity listing as the GraphQL {@code Listing} type shows it: everything it was published with, its status,
 * and the units reserved per day.
 *
 * @param id                the listing id
 * @param factoryFirmId     the factory that owns it
 * @param stepCode          the step from the taxonomy
 * @param unit              unit of measure
 * @param unitPrice         price of new reservations
 * @param minOrderQuantity  the fewest units one order may book
 * @param dailyCapacity     units per open day
 * @param bookableFrom      first bookable day
 * @param bookableTo        last bookable day (inclusive)
 * @param closedDays        closed days, ascending, no duplicates
 * @param leadTimeDays      days between booking and the first production day
 * @param province          where the factory is
 * @param city              where the factory is
 * @param requiredMaterials what the buyer supplies
 * @param qualityStandard   the standard the work meets
 * @param status            whether it takes reservations
 * @param reserved          units per day held by live reservations or used by consumed ones (days with none left
 *                          out)
 * @param publishedAt       business time of publication
 * @param lastSequence      the aggregate sequence of the last event this view applied
 */
public record ListingView(
        String id,
        String factoryFirmId,
        String stepCode,
        String unit,
        Money unitPrice,
        long minOrderQuantity,
        long dailyCapacity,
        LocalDate bookableFrom,
        LocalDate bookableTo,
        List<LocalDate> closedDays,
        int leadTimeDays,
        String province,
        String city,
        List<String> requiredMaterials,
        String qualityStandard,
        ListingStatus status,
        SortedMap<LocalDate, Long> reserved,
        Instant publishedAt,
        long lastSequence) {

    public ListingView {
        closedDays = List.copyOf(new TreeSet<>(closedDays));
        requiredMaterials = List.copyOf(requiredMaterials);
        reserved = Collections.unmodifiableSortedMap(new TreeMap<>(reserved));
    }

    /** Units held or used on {@code day}. */
    public long reservedOn(LocalDate day) {
        return reserved.getOrDefault(day, 0L);
    }

    /** Whether {@code day} can hold reservations at all: inside the bookable range and not closed. */
    public boolean isOpen(LocalDate day) {
        return !day.isBefore(bookableFrom) && !day.isAfter(bookableTo) && !isClosed(day);
    }

    /** Units still free on {@code day}: 0 outside the bookable range and on closed days. */
    public long freeOn(LocalDate day) {
        return isOpen(day) ? Math.max(0, dailyCapacity - reservedOn(day)) : 0;
    }

    /**
     * The first day a booking made {@code today} could still use: on or after {@code today} plus the lead time,
     * open, with free units; null if none is left, or the listing is withdrawn.
     */
    public LocalDate earliestFreeDay(LocalDate today) {
        if (status == ListingStatus.WITHDRAWN || dailyCapacity <= 0) {
            return null;
        }
        for (var day = firstBookableDay(today); !day.isAfter(bookableTo); day = day.plusDays(1)) {
            if (!isClosed(day) && reservedOn(day) < dailyCapacity) {
                return day;
            }
        }
        return null;
    }

    /** The first day a booking made {@code today} may use, before closed days and reservations are considered. */
    public LocalDate firstBookableDay(LocalDate today) {
        var earliest = today.plusDays(leadTimeDays);
        return earliest.isAfter(bookableFrom) ? earliest : bookableFrom;
    }

    /** The calendar of {@code [from, to]}, one entry per day. */
    public List<ListingDay> days(LocalDate from, LocalDate to) {
        var days = new ArrayList<ListingDay>();
        for (var day = from; !day.isAfter(to); day = day.plusDays(1)) {
            boolean open = isOpen(day);
            long capacity = open ? dailyCapacity : 0;
            long held = reservedOn(day);
            double utilisation = capacity == 0 ? 0 : 100.0 * held / capacity;
            days.add(new ListingDay(
                    id + ":" + day, day, !open, capacity, held, Math.max(0, capacity - held), utilisation));
        }
        return days;
    }

    private boolean isClosed(LocalDate day) {
        return Collections.binarySearch(closedDays, day) >= 0;
    }
}
