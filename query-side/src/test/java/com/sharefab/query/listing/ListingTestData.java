package com.sharefab.query.listing;

import com.sharefab.events.Money;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservationRejectedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingDailyCapacityChangedEvent;
import com.sharefab.events.listing.ListingDaysClosedEvent;
import com.sharefab.events.listing.ListingDaysReopenedEvent;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPriceChangedEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.listing.ListingResumedEvent;
import com.sharefab.events.listing.ListingWithdrawnEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Listing events and a place to project them: the wire server on the memory backend, a fresh database per test. */
final class ListingTestData {

    /** 2026-11-23 in Shanghai (00:30 there is still the 22nd in UTC: the zone matters). */
    static final Instant NOW = Instant.parse("2026-11-22T16:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final String FACTORY = "factory-1";
    static final String EMBROIDERY = "headwear.embroidery";


    private ListingTestData() {}

    static LocalDate day(int offsetFromToday) {
        return TODAY.plusDays(offsetFromToday);
    }

    /** Published today, bookable from today for 30 days, 100 a day at 1.50 CNY, lead time 2 days, in Qingdao. */
    static ListingPublishedEvent aListingPublishedEvent(String listingId) {
        return new ListingPublishedEvent(
                listingId,
                FACTORY,
                EMBROIDERY,
                "piece",
                Money.cny(150),
                50,
                100,
                TODAY,
                TODAY.plusDays(29),
                List.of(day(5)),
                2,
                "山东",
                "青岛",
                List.of("caps", "thread"),
                "GB/T 2912",
                NOW);
    }

    static ListingPublishedEvent published(
            String listingId, String factory, String step, long priceFen, int leadTimeDays, String province,
            String city, LocalDate from, LocalDate to, LocalDate... closed) {
        return new ListingPublishedEvent(
                listingId, factory, step, "piece", Money.cny(priceFen), 1, 100, from, to, Arrays.asList(closed),
                leadTimeDays, province, city, List.of(), "GB", NOW);
    }

    static ListingPriceChangedEvent priceChanged(String listingId, long fen) {
        return new ListingPriceChangedEvent(listingId, Money.cny(fen), NOW);
    }

    static ListingDailyCapacityChangedEvent capacityChanged(String listingId, long dailyCapacity) {
        return new ListingDailyCapacityChangedEvent(listingId, dailyCapacity, NOW);
    }

    static ListingDaysClosedEvent closed(String listingId, LocalDate... days) {
        return new ListingDaysClosedEvent(listingId, List.of(days), NOW);
    }

    static ListingDaysReopenedEvent reopened(String listingId, LocalDate... days) {
        return new ListingDaysReopenedEvent(listingId, List.of(days), NOW);
    }

    static ListingPausedEvent paused(String listingId) {
        return new ListingPausedEvent(listingId, "maintenance", NOW);
    }

    static ListingResumedEvent resumed(String listingId) {
        return new ListingResumedEvent(listingId, NOW);
    }

    static ListingWithdrawnEvent withdrawn(String listingId) {
        return new ListingWithdrawnEvent(listingId, NOW);
    }

    static CapacityReservedEvent reserved(String listingId, String orderId, DayAllocation... allocations) {
        long quantity = Arrays.stream(allocations).mapToLong(DayAllocation::quantity).sum();
        return new CapacityReservedEvent(listingId, orderId, quantity, List.of(allocations), Money.cny(150), NOW);
    }

    static CapacityReleasedEvent released(String listingId, String orderId, DayAllocation... allocations) {
        return new CapacityReleasedEvent(listingId, orderId, List.of(allocations), NOW);
    }

    static CapacityConsumedEvent consumed(String listingId, String orderId, DayAllocation... allocations) {
        return new CapacityConsumedEvent(listingId, orderId, List.of(allocations), NOW);
    }

    static CapacityReservationRejectedEvent rejected(String listingId, String orderId) {
        return new CapacityReservationRejectedEvent(
                listingId, orderId, 10_000, day(2), day(4), "NO_CAPACITY", NOW);
    }

    static DayAllocation units(LocalDate day, long quantity) {
        return new DayAllocation(day, quantity);
    }
}
