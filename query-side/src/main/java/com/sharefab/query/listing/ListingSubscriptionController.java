package com.sharefab.query.listing;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The {@code listingAvailabilityChanged} subscription (GraphQL over WebSocket at {@code /graphql}). */
@Controller
class ListingSubscriptionController {

    private final ListingSubscriptions subscriptions;
    private final ListingViews views;

    ListingSubscriptionController(ListingSubscriptions subscriptions, ListingViews views) {
        this.subscriptions = subscriptions;
        this.views = views;
    }

    /**
     * The listing each time its free capacity, price or status changes, on whichever node the change was made
     * (see {@link ListingChangeFeed}); nothing at subscription time. A listing not (yet) known is not an error: its
     * publication is its first change.
     */
    @SubscriptionMapping
    Flux<ListingView> listingAvailabilityChanged(@Argument String listingId) {
        return subscriptions.changes(listingId, id -> views.find(id).orElse(null));
    }
}
