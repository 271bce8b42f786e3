package com.sharefab.command.listing;

import static com.sharefab.command.listing.ListingTestData.ANONYMOUS;
import static com.sharefab.command.listing.ListingTestData.AUDITOR;
import static com.sharefab.command.listing.ListingTestData.BOOKABLE_TO;
import static com.sharefab.command.listing.ListingTestData.BUYER;
import static com.sharefab.command.listing.ListingTestData.DAILY_CAPACITY;
import static com.sharefab.command.listing.ListingTestData.FACTORY;
import static com.sharefab.command.listing.ListingTestData.FIRST_RESERVABLE_DAY;
import static com.sharefab.command.listing.ListingTestData.LISTING_ID;
import static com.sharefab.command.listing.ListingTestData.NOW;
import static com.sharefab.command.listing.ListingTestData.OPERATOR;
import static com.sharefab.command.listing.ListingTestData.ORDER_ID;
import static com.sharefab.command.listing.ListingTestData.OTHER_BUYER;
import static com.sharefab.command.listing.ListingTestData.OTHER_FACTORY;
import static com.sharefab.command.listing.ListingTestData.OTHER_ORDER_ID;
import static com.sharefab.command.listing.ListingTestData.PRICE_FEN;
import static com.sharefab.command.listing.ListingTestData.TODAY;
import static com.sharefab.command.listing.ListingTestData.aCapacityReservedEvent;
import static com.sharefab.command.listing.ListingTestData.aFixture;
import static com.sharefab.command.listing.ListingTestData.aListingPublishedEvent;
import static com.sharefab.command.listing.ListingTestData.aReserveCapacityCommand;
import static com.sharefab.command.listing.ListingTestData.as;
import static com.sharefab.command.listing.ListingTestData.assertRefusedByBeanValidation;
import static com.sharefab.command.listing.ListingTestData.by;
import static com.sharefab.command.listing.ListingTestData.december;
import static com.sharefab.command.listing.ListingTestData.domainException;
import static com.sharefab.command.listing.ListingTestData.on;
import static org.mockito.Mockito.mock;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.events.Money;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservationRejectedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingDailyCapacityChangedEvent;
import com.sharefab.events.listing.ListingDaysClosedEvent;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPriceChangedEvent;
import com.sharefab.events.listing.ListingResumedEvent;
import com.sharefab.events.listing.ListingWithdrawnEvent;
import com.sharefab.query.firm.FirmViews;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reserving, releasing and consuming a listing's capacity. */
class CapacityReservationTest {

    private AggregateTestFixture<CapacityListing> fixture;

    @BeforeEach
    void setUp() {
        fixture = aFixture(mock(FirmViews.class));
    }

    /** The published listing: 500 a day, 2 to 31 December, 6 December closed, lead time 2 days, today 1 December. */
    private TestExecutor<CapacityListing> givenAListing(Object... moreEvents) {
        var events = new ArrayList<Object>();
        events.add(aListingPublishedEvent());
        events.addAll(Arrays.asList(moreEvents));
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private static CapacityReservedEvent reserved(String orderId, long priceFen, DayAllocation... allocations) {
        var event = aCapacityReservedEvent(orderId, priceFen, allocations);
        return new CapacityReservedEvent(
                event.listingId(), event.orderId(), event.quantity(), event.allocations(), event.unitPrice(), NOW);
    }

    private static ReservationOutcome outcome(CapacityReservedEvent event) {
        return ReservationOutcome.reserved(
                event.listingId(), event.orderId(), event.quantity(), event.unitPrice(), event.allocations());
    }

    private static CapacityReservationRejectedEvent rejected(ReserveCapacityCommand command, RejectionReason reason) {
        return new CapacityReservationRejectedEvent(
                LISTING_ID, command.orderId(), command.quantity(), command.from(), command.to(), reason.name(), NOW);
    }

    // --- reserve --------------------------------------------------------------------------------------------------

    @Test
    void reserveCapacity_fitsInOneDay_isReservedOnTheFirstDayAfterLeadTime() {
        var expected = reserved(ORDER_ID, PRICE_FEN, on(FIRST_RESERVABLE_DAY, 300));

        givenAListing()
                .when(aReserveCapacityCommand(300), as(BUYER))
                .expectEvents(expected)
                .expectResultMessagePayload(outcome(expected));
    }

    @Test
    void reserveCapacity_moreThanOneDay_isSpreadEarliestFirst() {
        var expected = reserved(ORDER_ID, PRICE_FEN, on(december(3), 500), on(december(4), 500), on(december(5), 200));

        givenAListing()
                .when(aReserveCapacityCommand(1200), as(BUYER))
                .expectEvents(expected)
                .expectResultMessagePayload(outcome(expected));
    }

    @Test
    void reserveCapacity_acrossClosedAndPartlyBookedDays_usesOnlyFreeUnits() {
        // 3 Dec holds 400 already, 4 Dec is closed, 5 Dec is full, 6 Dec was closed at publication.
        var expected = reserved(ORDER_ID, PRICE_FEN, on(december(3), 100), on(december(7), 500), on(december(8), 100));

        givenAListing(
                        by(
                                OTHER_BUYER,
                                aCapacityReservedEvent(
                                        OTHER_ORDER_ID, PRICE_FEN, on(december(3), 400), on(december(5), 500))),
                        new ListingDaysClosedEvent(LISTING_ID, List.of(december(4)), NOW))
                .when(aReserveCapacityCommand(700), as(BUYER))
                .expectEvents(expected)
                .expectResultMessagePayload(outcome(expected));
    }

    @Test
    void reserveCapacity_windowStartsLaterThanLeadTime_startsAtTheWindow() {
        var command = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 600, december(10), december(20));
        var expected = reserved(ORDER_ID, PRICE_FEN, on(december(10), 500), on(december(11), 100));

        givenAListing().when(command, as(BUYER)).expectEvents(expected);
    }

    @Test
    void reserveCapacity_windowInsideLeadTime_isNoCapacity() {
        // Only 3 December is both in the window and past the lead time: 500 units, 600 asked.
        var command = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 600, TODAY, december(3));

        givenAListing()
                .when(command, as(BUYER))
                .expectEvents(rejected(command, RejectionReason.NO_CAPACITY))
                .expectResultMessagePayload(ReservationOutcome.rejected(
                        LISTING_ID,
                        ORDER_ID,
                        600,
                        RejectionReason.NO_CAPACITY,
                        "only 500 units are free between 2026-12-01 and 2026-12-03 (from 2026-12-03 given the lead"
                                + " time of 2 days); 600 were asked for"));
    }

    @Test
    void reserveCapacity_notEnoughInWindow_isRejectedAllOrNothing() {
        var command = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 1001, december(3), december(4));

        givenAListing()
                .when(command, as(BUYER))
                .expectEvents(rejected(command, RejectionReason.NO_CAPACITY))
                .expectResultMessagePayload(ReservationOutcome.rejected(
                        LISTING_ID,
                        ORDER_ID,
                        1001,
                        RejectionReason.NO_CAPACITY,
                        "only 1000 units are free between 2026-12-03 and 2026-12-04 (from 2026-12-03 given the lead"
                                + " time of 2 days); 1001 were asked for"));
    }

    @Test
    void reserveCapacity_afterANoCapacityRejection_theWholeWindowIsStillFree() {
        var tooMuch = new ReserveCapacityCommand(LISTING_ID, OTHER_ORDER_ID, 1001, december(3), december(4));
        var fits = new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 1000, december(3), december(4));

        givenAListing(rejected(tooMuch, RejectionReason.NO_CAPACITY))
                .when(fits, as(BUYER))
                .expectEvents(reserved(ORDER_ID, PRICE_FEN, on(december(3), 500), on(december(4), 500)));
    }

    @Test
    void reserveCapacity_windowOutsideBookableRange_isNoCapacity() {
        var command = new ReserveCapacityCommand(
                LISTING_ID, ORDER_ID, 100, BOOKABLE_TO.plusDays(1), BOOKABLE_TO.plusDays(10));

        givenAListing().when(command, as(BUYER)).expectEvents(rejected(command, RejectionReason.NO_CAPACITY));
    }

    @Test
    void reserveCapacity_belowMinimumOrder_isRejected() {
        var command = aReserveCapacityCommand(99);

        givenAListing()
                .when(command, as(BUYER))
                .expectEvents(rejected(command, RejectionReason.BELOW_MINIMUM_ORDER))
                .expectResultMessagePayload(ReservationOutcome.rejected(
                        LISTING_ID,
                        ORDER_ID,
                        99,
                        RejectionReason.BELOW_MINIMUM_ORDER,
                        "the minimum order is 100 units; 99 were asked for"));
    }

    @Test
    void reserveCapacity_pausedListing_isRejected() {
        var command = aReserveCapacityCommand(300);

        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(command, as(BUYER))
                .expectEvents(rejected(command, RejectionReason.LISTING_PAUSED));
    }

    @Test
    void reserveCapacity_resumedListing_isReserved() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW), new ListingResumedEvent(LISTING_ID, NOW))
                .when(aReserveCapacityCommand(300), as(BUYER))
                .expectEvents(reserved(ORDER_ID, PRICE_FEN, on(FIRST_RESERVABLE_DAY, 300)));
    }

    @Test
    void reserveCapacity_withdrawnListing_isRejected() {
        var command = aReserveCapacityCommand(300);

        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(command, as(BUYER))
                .expectEvents(rejected(command, RejectionReason.LISTING_WITHDRAWN));
    }

    @Test
    void reserveCapacity_retryOfHeldOrder_isNoOpAnsweringTheReservation() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held))
                .when(aReserveCapacityCommand(300), as(BUYER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(outcome(held));
    }

    @Test
    void reserveCapacity_retryAfterPriceChange_answersTheLockedPrice() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held), new ListingPriceChangedEvent(LISTING_ID, Money.cny(200), NOW))
                .when(aReserveCapacityCommand(300), as(BUYER))
                .expectNoEvents()
                .expectResultMessagePayload(outcome(held));
    }

    @Test
    void reserveCapacity_afterPriceChange_newOrderGetsTheNewPrice() {
        givenAListing(
                        by(OTHER_BUYER, reserved(OTHER_ORDER_ID, PRICE_FEN, on(december(3), 300))),
                        new ListingPriceChangedEvent(LISTING_ID, Money.cny(200), NOW))
                .when(aReserveCapacityCommand(300), as(BUYER))
                .expectEvents(reserved(ORDER_ID, 200, on(december(3), 200), on(december(4), 100)));
    }

    @Test
    void reserveCapacity_retryOfRejectedOrder_isEvaluatedAgain() {
        var command = aReserveCapacityCommand(300);

        givenAListing(
                        new ListingPausedEvent(LISTING_ID, null, NOW),
                        rejected(command, RejectionReason.LISTING_PAUSED),
                        new ListingResumedEvent(LISTING_ID, NOW))
                .when(command, as(BUYER))
                .expectEvents(reserved(ORDER_ID, PRICE_FEN, on(FIRST_RESERVABLE_DAY, 300)));
    }

    @Test
    void reserveCapacity_afterCapacityIncrease_usesTheNewCapacity() {
        givenAListing(new ListingDailyCapacityChangedEvent(LISTING_ID, 1000, NOW))
                .when(aReserveCapacityCommand(1200), as(BUYER))
                .expectEvents(reserved(ORDER_ID, PRICE_FEN, on(december(3), 1000), on(december(4), 200)));
    }

    @Test
    void reserveCapacity_afterRelease_theUnitsAreFreeAgain() {
        var other = reserved(OTHER_ORDER_ID, PRICE_FEN, on(december(3), 500));

        givenAListing(
                        by(OTHER_BUYER, other),
                        new CapacityReleasedEvent(LISTING_ID, OTHER_ORDER_ID, other.allocations(), NOW))
                .when(aReserveCapacityCommand(500), as(BUYER))
                .expectEvents(reserved(ORDER_ID, PRICE_FEN, on(december(3), 500)));
    }

    @Test
    void reserveCapacity_windowReversed_isBadUserInputOnTo() {
        givenAListing()
                .when(new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 300, december(10), december(9)), as(BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "to"));
    }

    @Test
    void reserveCapacity_windowStartsInThePast_isBadUserInputOnFrom() {
        givenAListing()
                .when(new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 300, TODAY.minusDays(1), december(9)), as(BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "from"));
    }

    @Test
    void reserveCapacity_actorWithoutFirm_isForbidden() {
        givenAListing()
                .when(aReserveCapacityCommand(300), as(ANONYMOUS))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void reserveCapacity_auditor_isForbidden() {
        givenAListing()
                .when(aReserveCapacityCommand(300), as(AUDITOR))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void reserveCapacity_zeroQuantity_isRejectedByBeanValidation() {
        assertRefusedByBeanValidation(() -> givenAListing().when(aReserveCapacityCommand(0), as(BUYER)), "quantity");
    }

    @Test
    void reserveCapacity_reservingFirm_isRecordedFromTheCommandsActor() {
        // Reserved through a command (not a given event), so the firm comes from the reserving command's metadata.
        fixture.givenCurrentTime(NOW)
                .andGiven(aListingPublishedEvent())
                .andGivenCommands(GenericCommandMessage.asCommandMessage(aReserveCapacityCommand(300))
                        .andMetaData(as(BUYER)))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(BUYER))
                .expectEvents(
                        new CapacityReleasedEvent(LISTING_ID, ORDER_ID, List.of(on(FIRST_RESERVABLE_DAY, 300)), NOW));
    }

    @Test
    void reserveCapacity_reservingFirm_isTheOnlyBuyerWhoMayRelease() {
        fixture.givenCurrentTime(NOW)
                .andGiven(aListingPublishedEvent())
                .andGivenCommands(GenericCommandMessage.asCommandMessage(aReserveCapacityCommand(300))
                        .andMetaData(as(BUYER)))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(OTHER_BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    // --- release ------------------------------------------------------------------------------------------------

    @Test
    void releaseCapacity_byTheReservingFirm_isReleased() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 500), on(december(4), 100));

        givenAListing(by(BUYER, held))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(BUYER))
                .expectEvents(new CapacityReleasedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    @Test
    void releaseCapacity_byOwningFactory_isReleased() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(FACTORY))
                .expectEvents(new CapacityReleasedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    @Test
    void releaseCapacity_byOperator_isReleased() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(OPERATOR))
                .expectEvents(new CapacityReleasedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    @Test
    void releaseCapacity_byAnotherBuyer_isForbidden() {
        givenAListing(by(BUYER, reserved(ORDER_ID, PRICE_FEN, on(december(3), 300))))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(OTHER_BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void releaseCapacity_byAnotherFactory_isForbidden() {
        givenAListing(by(BUYER, reserved(ORDER_ID, PRICE_FEN, on(december(3), 300))))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(OTHER_FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void releaseCapacity_unknownOrder_isNoOp() {
        givenAListing()
                .when(new ReleaseCapacityCommand(LISTING_ID, "order-unknown"), as(BUYER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releaseCapacity_alreadyReleased_isNoOp() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held), new CapacityReleasedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(BUYER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releaseCapacity_alreadyConsumed_isNoOp() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held), new CapacityConsumedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releaseCapacity_pausedListing_isReleased() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held), new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID), as(BUYER))
                .expectEvents(new CapacityReleasedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    // --- consume ------------------------------------------------------------------------------------------------

    @Test
    void consumeCapacity_byOwningFactory_isConsumed() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 500), on(december(4), 100));

        givenAListing(by(BUYER, held))
                .when(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID), as(FACTORY))
                .expectEvents(new CapacityConsumedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    @Test
    void consumeCapacity_byOperator_isConsumed() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held))
                .when(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID), as(OPERATOR))
                .expectEvents(new CapacityConsumedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW));
    }

    @Test
    void consumeCapacity_byTheReservingBuyer_isForbidden() {
        givenAListing(by(BUYER, reserved(ORDER_ID, PRICE_FEN, on(december(3), 300))))
                .when(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID), as(BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void consumeCapacity_alreadyConsumed_isNoOp() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), 300));

        givenAListing(by(BUYER, held), new CapacityConsumedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW))
                .when(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void consumeCapacity_unknownOrder_isNoOp() {
        givenAListing()
                .when(new ConsumeCapacityCommand(LISTING_ID, "order-unknown"), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void consumeCapacity_consumedUnits_areNoLongerReserved() {
        var held = reserved(ORDER_ID, PRICE_FEN, on(december(3), DAILY_CAPACITY));

        givenAListing(by(BUYER, held), new CapacityConsumedEvent(LISTING_ID, ORDER_ID, held.allocations(), NOW))
                .when(new WithdrawListingCommand(LISTING_ID), as(FACTORY))
                .expectEvents(new ListingWithdrawnEvent(LISTING_ID, NOW));
    }

    @Test
    void reserveCapacity_dayBoundary_leadTimeCountsFromTheShanghaiDay() {
        // 00:30 on 2 December in Qingdao (still 1 December in UTC): the first day past the lead time is 4 December.
        fixture.givenCurrentTime(Instant.parse("2026-12-01T16:30:00Z"))
                .andGiven(aListingPublishedEvent())
                .when(
                        new ReserveCapacityCommand(LISTING_ID, ORDER_ID, 300, LocalDate.of(2026, 12, 2), december(31)),
                        as(BUYER))
                .expectEvents(new CapacityReservedEvent(
                        LISTING_ID,
                        ORDER_ID,
                        300,
                        List.of(on(december(4), 300)),
                        Money.cny(PRICE_FEN),
                        Instant.parse("2026-12-01T16:30:00Z")));
    }
}
