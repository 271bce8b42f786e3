package com.sharefab.query.listing;

import com.sharefab.events.listing.ListingEvent;
import com.sharefab.query.feed.ChangeFeed;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells this node about every listing change, wherever it was made ({@link ChangeFeed}, ADR 0006): once the shared
 * read model shows a listing event applied, the fresh view goes to this node's catalog and to the listing's
 * subscribers here.
 */
@Component
class ListingChangeFeed extends ChangeFeed<ListingView> {

    private final ListingViews views;
    private final ListingCatalog catalog;
    private final ListingSubscriptions subscriptions;

    ListingChangeFeed(
            EventStore events, ListingViews views, ListingCatalog catalog, ListingSubscriptions subscriptions) {
        super("listing", ListingEvent.class, events);
        this.views = views;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
    }

    @Override
    protected String idOf(Object event) {
        return ((ListingEvent) event).listingId();
    }

    @Override
    protected Optional<ListingView> awaitView(String listingId, long sequence, Duration wait) {
        return views.awaitSequence(listingId, sequence, wait);
    }

    @Override
    protected void publish(ListingView view) {
        catalog.put(view);
        subscriptions.offer(view);
    }

    /** Before {@link ListingCatalog}: the head is taken before the catalog's first load reads the views. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
