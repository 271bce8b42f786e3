package com.sharefab.query.listing;

import com.sharefab.events.listing.ListingEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link ListingViews} (and this node's {@link ListingCatalog}) up to date; its own processing group, so it
 * can be replayed alone. Idempotent: each view remembers the aggregate sequence of the last event it applied, and an
 * event at or below it (a redelivery after a crash, a claim handed over mid-batch) is skipped.
 */
@Component
@ProcessingGroup(ListingProjection.PROCESSING_GROUP)
class ListingProjection {

    static final String PROCESSING_GROUP = "listing-views";
    private static final int MAX_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(ListingProjection.class);

    private final ListingViews views;
    private final ListingCatalog catalog;

    ListingProjection(ListingViews views, ListingCatalog catalog) {
        this.views = views;
        this.catalog = catalog;
    }

    @EventHandler
    void on(ListingEvent event, @SequenceNumber long sequence) {
        // Optimistic: fold from what is stored, write only if it is still stored. Losing means another node applied
        // events meanwhile (a segment handed over mid-batch): fold again from what it wrote.
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (tryApply(event, sequence)) {
                return;
            }
        }
        throw new IllegalStateException("listing " + event.listingId() + " kept changing under event " + sequence);
    }

    private boolean tryApply(ListingEvent event, long sequence) {
        var current = views.find(event.listingId());
        if (current.isPresent() && sequence <= current.get().lastSequence()) {
            views.touched(event.listingId());
            return true;
        }
        ListingView next;
        if (event instanceof ListingPublishedEvent published) {
            next = ListingFold.published(published, sequence);
        } else if (current.isPresent()) {
            next = ListingFold.apply(current.get(), event, sequence);
        } else {
            // Cannot happen while the log starts every listing with its publication; say so rather than guess.
            log.error("{} at sequence {} for listing {} which has no view; skipped",
                    event.getClass().getSimpleName(), sequence, event.listingId());
            return true;
        }
        if (!views.writeIfUnchanged(next, current.map(ListingView::lastSequence).orElse(null))) {
            return false;
        }
        // The catalog before the signal: a mutation woken by it may be followed at once by a search on this node.
        catalog.put(next);
        views.touched(next.id());
        return true;
    }

    @ResetHandler
    void reset() {
        views.clear();
        catalog.clear();
    }
}
