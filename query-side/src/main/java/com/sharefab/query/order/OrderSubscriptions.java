package com.sharefab.query.order;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This node's subscribers of orders: one channel per order someone here follows ({@code orderUpdated}) and one per
 * factory whose job board someone here follows ({@code jobBoardUpdated}); made with the first subscriber, dropped
 * with the last. {@link OrderChangeFeed} offers every fresh view; a channel passes on a view only when it is newer
 * than the last it passed on for that order, so a change seen twice stays quiet.
 */
@Component
class OrderSubscriptions {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** The order's views from now on, each time it changes. */
    Flux<OrderView> order(String orderId) {
        return follow("order:" + orderId);
    }

    /** The views of the factory's orders from now on, each time one changes. */
    Flux<OrderView> jobBoard(String factoryFirmId) {
        return follow("factory:" + factoryFirmId);
    }

    /** Offers a fresh view to whoever follows the order or its factory's board on this node. */
    void offer(OrderView view) {
        offer("order:" + view.id(), view);
        offer("factory:" + view.factoryFirmId(), view);
    }

    private void offer(String key, OrderView view) {
        var channel = channels.get(key);
        if (channel != null) {
            channel.offer(view);
        }
    }

    private Flux<OrderView> follow(String key) {
        return Flux.defer(() -> {
                    var channel = channels.compute(key, (k, existing) -> {
                        var open = existing != null ? existing : new Channel();
                        open.subscribers++;
                        return open;
                    });
                    return channel.sink.asFlux().doFinally(signal -> leave(key, channel));
                })
                .onBackpressureLatest();
    }

    private void leave(String key, Channel channel) {
        channels.computeIfPresent(key, (k, existing) -> {
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

    /** Subscribers of one key here. Emissions are serialized by the channel's monitor. */
    private static final class Channel {
        final Sinks.Many<OrderView> sink = Sinks.many().multicast().directBestEffort();
        int subscribers; // guarded by the map's compute
        private final Map<String, Long> lastSequence = new HashMap<>();

        synchronized void offer(OrderView view) {
            Long last = lastSequence.get(view.id());
            if (last != null && view.lastSequence() <= last) {
                return;
            }
            lastSequence.put(view.id(), view.lastSequence());
            sink.tryEmitNext(view);
        }
    }
}
