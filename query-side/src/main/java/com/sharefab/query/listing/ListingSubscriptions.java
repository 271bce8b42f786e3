package com.sharefab.query.listing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This node's subscribers of listing availability: one sink per listing that someone here listens to, made with the
 * first subscriber and dropped with the last. {@link ListingChangeFeed} offers every fresh view; a sink passes it on
 * only when free capacity, price or status differ from what it passed on last, so duplicates (the same change seen
 * twice) and changes that touch none of them (a rejection, a consumption) stay quiet.
 */
@Component
class ListingSubscriptions {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /**
     * The views of one listing from now on, each time its availability changes; {@code current} (may answer
     * null) gives the baseline the first change is compared with.
     */
    Flux<ListingView> changes(String listingId, Function<String, ListingView> current) {
        return Flux.defer(() -> {
                    var channel = channels.compute(listingId, (id, existing) -> {
                        var open = existing != null ? existing : new Channel();
                        open.subscribers++;
                        return open;
                    });
                    channel.baseline(() -> current.apply(listingId));
                    return channel.sink.asFlux().doFinally(signal -> leave(listingId, channel));
                })
                // A slow client gets the latest state, never a backlog.
                .onBackpressureLatest();
    }

    /** Offers a fresh view to the listing's subscribers on this node, if there are any. */
    void offer(ListingView view) {
        var channel = channels.get(view.id());
        if (channel != null) {
            channel.offer(view);
        }
    }

    /** Whether someone on this node listens to the listing, from a baseline on: changes from now on will reach them. */
    boolean isListening(String listingId) {
        var channel = channels.get(listingId);
        return channel != null && channel.isBaselined();
    }

    private void leave(String listingId, Channel channel) {
        channels.computeIfPresent(listingId, (id, existing) -> {
            if (existing != channel) {
                return existing;
            }
            existing.subscribers--;
            if (existing.subscribers > 0) {
                return existing;
            }
            existing.sink.tryEmitComplete();
            return null;
        });
    }

    /** One listing's subscribers here. Emissions are serialized by the channel's monitor. */
    private static final class Channel {
        final Sinks.Many<ListingView> sink = Sinks.many().multicast().directBestEffort();
        int subscribers; // guarded by the map's compute
        private ListingView last;
        private boolean baselined;

        synchronized void baseline(Supplier<ListingView> current) {
            if (!baselined) {
                baselined = true;
                var view = current.get();
                if (last == null) {
                    last = view;
                }
            }
        }

        synchronized boolean isBaselined() {
            return baselined;
        }

        synchronized void offer(ListingView view) {
            if (last != null && view.lastSequence() <= last.lastSequence()) {
                return;
            }
            boolean changed = ListingFold.availabilityChanged(last, view);
            last = view;
            if (changed) {
                sink.tryEmitNext(view);
            }
        }
    }
}
