package com.sharefab.events.listing;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The unit price of new reservations changed; reservations already made keep theirs. */
@Revision("1")
public record ListingPriceChangedEvent(String listingId, Money unitPrice, Instant changedAt) implements ListingEvent {}
