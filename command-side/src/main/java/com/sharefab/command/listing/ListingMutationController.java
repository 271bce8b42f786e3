package com.sharefab.command.listing;

import com.sharefab.command.axon.Commands;
import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.query.listing.ListingView;
import com.sharefab.query.listing.ListingViews;
import graphql.GraphQLContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * The listing mutations. Each sends its command as the request's actor, then answers with the listing as the read
 * model shows it once the listing's latest event was projected (read-your-writes, up to {@link #READ_YOUR_WRITES_WAIT};
 * {@code null} after that).
 */
@Controller
class ListingMutationController {

    /** How long a mutation waits for the listing's latest event to be projected before answering without it. */
    static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    private final Commands commands;
    private final ListingViews listings;
    private final EventStore eventStore;
    private final ReservationCap reservationCap;

    ListingMutationController(
            Commands commands, ListingViews listings, EventStore eventStore, ReservationCap reservationCap) {
        this.commands = commands;
        this.listings = listings;
        this.eventStore = eventStore;
        this.reservationCap = reservationCap;
    }

    @MutationMapping
    ListingPayload publishListing(@Argument PublishListingCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload changeListingPrice(@Argument ChangeListingPriceCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload changeListingDailyCapacity(
            @Argument ChangeListingDailyCapacityCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload closeListingDays(@Argument CloseListingDaysCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload reopenListingDays(@Argument ReopenListingDaysCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload pauseListing(@Argument PauseListingCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload resumeListing(@Argument ResumeListingCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload withdrawListing(@Argument WithdrawListingCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ReserveCapacityPayload reserveCapacity(@Argument ReserveCapacityCommand input, GraphQLContext context) {
        reservationCap.check(Commands.actor(context), input.listingId(), input.orderId());
        ReservationOutcome outcome = commands.sendAndWait(input, context);
        ReservationView reservation = null;
        RejectionView rejection = null;
        if (outcome.isReserved()) {
            reservation = ReservationView.of(outcome);
        } else {
            rejection = new RejectionView(
                    ReservationView.id(outcome.listingId(), outcome.orderId()),
                    outcome.rejectionReason(),
                    outcome.rejectionMessage());
        }
        return new ReserveCapacityPayload(
                input.listingId(), input.orderId(), reservation, rejection, projected(input.listingId()));
    }

    @MutationMapping
    ListingPayload releaseCapacity(@Argument ReleaseCapacityCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    @MutationMapping
    ListingPayload consumeCapacity(@Argument ConsumeCapacityCommand input, GraphQLContext context) {
        return send(input.listingId(), input, context);
    }

    private ListingPayload send(String listingId, Object command, GraphQLContext context) {
        commands.sendAndWait(command, context);
        return new ListingPayload(listingId, projected(listingId));
    }

    /**
     * The listing once the read model applied its latest event. A command that changed nothing (a retry) answers
     * at once with what is projected up to the last event there is.
     */
    private ListingView projected(String listingId) {
        return eventStore
                .lastSequenceNumberFor(listingId)
                .flatMap(sequence -> listings.awaitSequence(listingId, sequence, READ_YOUR_WRITES_WAIT))
                .orElse(null);
    }

    /** What most listing mutations answer (GraphQL {@code ListingPayload}). */
    record ListingPayload(String listingId, ListingView listing) {}

    /** What {@code reserveCapacity} answers: the reservation or the rejection, and the listing. */
    record ReserveCapacityPayload(
            String listingId,
            String orderId,
            ReservationView reservation,
            RejectionView rejection,
            ListingView listing) {}

    /** GraphQL {@code Reservation}: units held for an order at a locked price. */
    record ReservationView(
            String id,
            String listingId,
            String orderId,
            long quantity,
            Money unitPrice,
            List<DayAllocationView> allocations) {

        static ReservationView of(ReservationOutcome outcome) {
            String id = id(outcome.listingId(), outcome.orderId());
            return new ReservationView(
                    id,
                    outcome.listingId(),
                    outcome.orderId(),
                    outcome.quantity(),
                    outcome.unitPrice(),
                    outcome.allocations().stream()
                            .map(allocation -> DayAllocationView.of(id, allocation))
                            .toList());
        }

        static String id(String listingId, String orderId) {
            return listingId + ":" + orderId;
        }
    }

    /** GraphQL {@code DayAllocation}: units held on one day; id {@code listingId:orderId:date}. */
    record DayAllocationView(String id, LocalDate date, long quantity) {

        static DayAllocationView of(String reservationId, DayAllocation allocation) {
            return new DayAllocationView(
                    reservationId + ":" + allocation.day(), allocation.day(), allocation.quantity());
        }
    }

    /** GraphQL {@code ReservationRejection}; id {@code listingId:orderId}. */
    record RejectionView(String id, String reason, String message) {}
}
