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
import com.sharefab.events.listing.ListingEvent;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPriceChangedEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.listing.ListingResumedEvent;
import com.sharefab.events.listing.ListingWithdrawnEvent;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** How each listing event changes a {@link ListingView}: a pure function, so replays give the same views. */
final class ListingFold {

    private ListingFold() {}

    /** The view of a listing just published. */
    static ListingView published(ListingPublishedEvent event, long sequence) {
        return new ListingView(
                event.listingId(),
                event.factoryFirmId(),
                event.stepCode(),
                event.unit(),
                event.unitPrice(),
                event.minOrderQuantity(),
                event.dailyCapacity(),
                event.bookableFrom(),
                event.bookableTo(),
                event.closedDays() == null ? List.of() : event.closedDays(),
                event.leadTimeDays(),
                event.province(),
                event.city(),
                event.requiredMaterials() == null ? List.of() : event.requiredMaterials(),
                event.qualityStandard(),
                ListingStatus.ACTIVE,
                new TreeMap<>(),
                event.publishedAt(),
                sequence);
    }

    /**
     * {@code view} after {@code event} (not a publication). Java 17 has no pattern switch; the chain ends in a
     * failure, so an event added to the sealed interface without a branch here cannot pass silently.
     */
    static ListingView apply(ListingView view, ListingEvent event, long sequence) {
        var next = new Builder(view, sequence);
        if (event instanceof ListingPriceChangedEvent e) {
            next.unitPrice = e.unitPrice();
        } else if (event instanceof ListingDailyCapacityChangedEvent e) {
            next.dailyCapacity = e.dailyCapacity();
        } else if (event instanceof ListingDaysClosedEvent e) {
            var closed = new TreeSet<>(view.closedDays());
            closed.addAll(e.days());
            next.closedDays = List.copyOf(closed);
        } else if (event instanceof ListingDaysReopenedEvent e) {
            var closed = new TreeSet<>(view.closedDays());
            e.days().forEach(closed::remove);
            next.closedDays = List.copyOf(closed);
        } else if (event instanceof ListingPausedEvent) {
            next.status = view.status() == ListingStatus.WITHDRAWN ? ListingStatus.WITHDRAWN : ListingStatus.PAUSED;
        } else if (event instanceof ListingResumedEvent) {
            next.status = view.status() == ListingStatus.WITHDRAWN ? ListingStatus.WITHDRAWN : ListingStatus.ACTIVE;
        } else if (event instanceof ListingWithdrawnEvent) {
            next.status = ListingStatus.WITHDRAWN;
        } else if (event instanceof CapacityReservedEvent e) {
            next.reserved = add(view, e.allocations(), 1);
        } else if (event instanceof CapacityReleasedEvent e) {
            next.reserved = add(view, e.allocations(), -1);
        } else if (event instanceof CapacityConsumedEvent) {
            // Produced units stay counted on their days: the capacity was used, it does not come back.
        } else if (event instanceof CapacityReservationRejectedEvent) {
            // Nothing changes but the sequence: a mutation waiting for this event must see it applied.
        } else if (event instanceof ListingPublishedEvent) {
            throw new IllegalArgumentException("listing " + view.id() + " published again at sequence " + sequence);
        } else {
            throw new IllegalArgumentException("no fold for " + event.getClass().getName());
        }
        return next.build();
    }

    /** Whether a change from {@code before} to {@code after} is one a subscriber of availability must hear of. */
    static boolean availabilityChanged(ListingView before, ListingView after) {
        return before == null
                || !before.unitPrice().equals(after.unitPrice())
                || before.status() != after.status()
                || before.dailyCapacity() != after.dailyCapacity()
                || !before.bookableFrom().equals(after.bookableFrom())
                || !before.bookableTo().equals(after.bookableTo())
                || !before.closedDays().equals(after.closedDays())
                || !before.reserved().equals(after.reserved());
    }

    private static TreeMap<LocalDate, Long> add(ListingView view, List<DayAllocation> allocations, int sign) {
        var reserved = new TreeMap<>(view.reserved());
        for (var allocation : allocations) {
            long total = reserved.getOrDefault(allocation.day(), 0L) + sign * allocation.quantity();
            if (total > 0) {
                reserved.put(allocation.day(), total);
            } else {
                reserved.remove(allocation.day());
            }
        }
        return reserved;
    }

    /** The fields an event may change; the rest come from the view. */
    private static final class Builder {
        private final ListingView view;
        private final long sequence;
        private Money unitPrice;
        private long dailyCapacity;
        private List<LocalDate> closedDays;
        private ListingStatus status;
        private TreeMap<LocalDate, Long> reserved;

        Builder(ListingView view, long sequence) {
            this.view = view;
            this.sequence = sequence;
            this.unitPrice = view.unitPrice();
            this.dailyCapacity = view.dailyCapacity();
            this.closedDays = view.closedDays();
            this.status = view.status();
            this.reserved = new TreeMap<>(view.reserved());
        }

        ListingView build() {
            return new ListingView(
                    view.id(),
                    view.factoryFirmId(),
                    view.stepCode(),
                    view.unit(),
                    unitPrice,
                    view.minOrderQuantity(),
                    dailyCapacity,
                    view.bookableFrom(),
                    view.bookableTo(),
                    closedDays,
                    view.leadTimeDays(),
                    view.province(),
                    view.city(),
                    view.requiredMaterials(),
                    view.qualityStandard(),
                    status,
                    reserved,
                    view.publishedAt(),
                    sequence);
        }
    }
}
