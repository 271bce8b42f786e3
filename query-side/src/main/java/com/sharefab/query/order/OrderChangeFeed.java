package com.sharefab.query.order;

import com.sharefab.events.order.OrderEvent;
import com.sharefab.query.feed.ChangeFeed;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Tells this node about every order change, wherever it was made ({@link ChangeFeed}, ADR 0006): once the shared
 * read model shows an order event applied, the fresh view goes to the order's subscribers on this node (the order's
 * own and its factory's job board).
 */
@Component
class OrderChangeFeed extends ChangeFeed<OrderView> {

    private final OrderViews views;
    private final OrderSubscriptions subscriptions;

    OrderChangeFeed(EventStore events, OrderViews views, OrderSubscriptions subscriptions) {
        super("order", OrderEvent.class, events);
        this.views = views;
        this.subscriptions = subscriptions;
    }

    @Override
    protected String idOf(Object event) {
        return ((OrderEvent) event).orderId();
    }

    @Override
    protected Optional<OrderView> awaitView(String orderId, long sequence, Duration wait) {
        return views.awaitSequence(orderId, sequence, wait);
    }

    @Override
    protected void publish(OrderView view) {
        subscriptions.offer(view);
    }
}
