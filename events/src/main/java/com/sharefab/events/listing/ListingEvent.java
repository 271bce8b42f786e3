package com.sharefab.events.listing;

/** Every event of a capacity listing, so projections can switch over them exhaustively. */
public sealed interface ListingEvent
        permits ListingPublishedEvent,
                ListingPriceChangedEvent,
                ListingDailyCapacityChangedEvent,
                ListingDaysClosedEvent,
                ListingDaysReopenedEvent,
                ListingPausedEvent,
                ListingResumedEvent,
                ListingWithdrawnEvent,
                CapacityReservedEvent,
                CapacityReservationRejectedEvent,
                CapacityReleasedEvent,
                CapacityConsumedEvent {

    /** The listing the event belongs to. */
    String listingId();
}
