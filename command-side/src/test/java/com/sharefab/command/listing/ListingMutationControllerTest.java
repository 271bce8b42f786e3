package com.sharefab.command.listing;

import static com.sharefab.command.listing.ListingTestData.LISTING_ID;
import static com.sharefab.command.listing.ListingTestData.ORDER_ID;
import static com.sharefab.command.listing.ListingTestData.TODAY;
import static com.sharefab.command.listing.ListingTestData.december;
import static com.sharefab.command.listing.ListingTestData.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sharefab.command.axon.Commands;
import com.sharefab.command.listing.ListingMutationController.DayAllocationView;
import com.sharefab.command.listing.ListingMutationController.RejectionView;
import com.sharefab.command.listing.ListingMutationController.ReservationView;
import com.sharefab.events.Money;
import com.sharefab.query.listing.ListingView;
import com.sharefab.query.listing.ListingViews;
import graphql.GraphQLContext;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListingMutationControllerTest {

    private Commands commands;
    private ListingViews listings;
    private EventStore eventStore;
    private ListingMutationController controller;
    private GraphQLContext context;
    private ListingView projected;

    @BeforeEach
    void setUp() {
        commands = mock(Commands.class);
        listings = mock(ListingViews.class);
        eventStore = mock(EventStore.class);
        controller = new ListingMutationController(
                commands, listings, eventStore, new ReservationCap(mock(com.sharefab.query.listing.UnpaidReservations.class), 20));
        context = GraphQLContext.newContext().build();
        projected = mock(ListingView.class);
        when(eventStore.lastSequenceNumberFor(LISTING_ID)).thenReturn(Optional.of(4L));
        when(listings.awaitSequence(LISTING_ID, 4L, ListingMutationController.READ_YOUR_WRITES_WAIT))
                .thenReturn(Optional.of(projected));
    }

    @Test
    void publishListing_projectedInTime_answersTheListingAtTheLatestSequence() {
        var command = ListingTestData.aPublishListingCommand();

        var payload = controller.publishListing(command, context);

        verify(commands).sendAndWait(command, context);
        assertThat(payload.listingId()).isEqualTo(LISTING_ID);
        assertThat(payload.listing()).isSameAs(projected);
    }

    @Test
    void pauseListing_notProjectedInTime_answersNullListing() {
        when(listings.awaitSequence(eq(LISTING_ID), anyLong(), any())).thenReturn(Optional.empty());

        var payload = controller.pauseListing(new PauseListingCommand(LISTING_ID, null), context);

        assertThat(payload.listingId()).isEqualTo(LISTING_ID);
        assertThat(payload.listing()).isNull();
    }

    @Test
    void releaseCapacity_listingWithoutEvents_answersNullListingWithoutWaiting() {
        when(eventStore.lastSequenceNumberFor(LISTING_ID)).thenReturn(Optional.empty());

        var payload = controller.releaseCapacity(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), context);

        assertThat(payload.listing()).isNull();
        verify(listings, never()).awaitSequence(any(), anyLong(), any());
    }

    @Test
    void reserveCapacity_reserved_answersTheReservationWithItsIds() {
        var command = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 700, TODAY, december(31));
        when(commands.sendAndWait(command, context))
                .thenReturn(ReservationOutcome.reserved(
                        LISTING_ID,
                        ORDER_ID,
                        700,
                        Money.cny(150),
                        List.of(on(december(3), 500), on(december(4), 200))));

        var payload = controller.reserveCapacity(command, context);

        assertThat(payload.listingId()).isEqualTo(LISTING_ID);
        assertThat(payload.orderId()).isEqualTo(ORDER_ID);
        assertThat(payload.rejection()).isNull();
        assertThat(payload.listing()).isSameAs(projected);
        assertThat(payload.reservation())
                .isEqualTo(new ReservationView(
                        "listing-1:order-1",
                        LISTING_ID,
                        ORDER_ID,
                        700,
                        Money.cny(150),
                        List.of(
                                new DayAllocationView("listing-1:order-1:2026-12-03", december(3), 500),
                                new DayAllocationView("listing-1:order-1:2026-12-04", december(4), 200))));
    }

    @Test
    void reserveCapacity_rejected_answersTheRejection() {
        var command = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 50, TODAY, december(31));
        when(commands.sendAndWait(command, context))
                .thenReturn(ReservationOutcome.rejected(
                        LISTING_ID,
                        ORDER_ID,
                        50,
                        RejectionReason.BELOW_MINIMUM_ORDER,
                        "the minimum order is 100 units"));

        var payload = controller.reserveCapacity(command, context);

        assertThat(payload.reservation()).isNull();
        assertThat(payload.rejection())
                .isEqualTo(new RejectionView(
                        "listing-1:order-1", "BELOW_MINIMUM_ORDER", "the minimum order is 100 units"));
        assertThat(payload.listing()).isSameAs(projected);
    }
}
