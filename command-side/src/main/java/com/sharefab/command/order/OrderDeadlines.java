package com.sharefab.command.order;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How long each party has at each step, from {@code sharefab.order.deadlines.*} (Spring Boot durations:
 * {@code 30m}, {@code 48h}, {@code 7d}). The order records the instants in its events; the booking process
 * schedules them.
 */
@Component
public class OrderDeadlines {

    private final Duration pay;
    private final Duration accept;
    private final Duration confirm;
    private final Duration disputeWindow;

    public OrderDeadlines(
            @Value("${sharefab.order.deadlines.pay:30m}") Duration pay,
            @Value("${sharefab.order.deadlines.accept:48h}") Duration accept,
            @Value("${sharefab.order.deadlines.confirm:7d}") Duration confirm,
            @Value("${sharefab.order.deadlines.dispute-window:7d}") Duration disputeWindow) {
        this.pay = pay;
        this.accept = accept;
        this.confirm = confirm;
        this.disputeWindow = disputeWindow;
    }

    /** From capacity reserved to cancellation if unpaid. */
    public Duration pay() {
        return pay;
    }

    /** From payment to the order declined for a silent factory. */
    public Duration accept() {
        return accept;
    }

    /** From shipment to automatic confirmation of receipt. */
    public Duration confirm() {
        return confirm;
    }

    /** From shipment to the last moment a dispute may be opened. */
    public Duration disputeWindow() {
        return disputeWindow;
    }
}
