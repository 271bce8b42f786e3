package com.sharefab.command.listing;

import static com.sharefab.command.listing.ListingTestData.AUDITOR;
import static com.sharefab.command.listing.ListingTestData.BOOKABLE_FROM;
import static com.sharefab.command.listing.ListingTestData.BOOKABLE_TO;
import static com.sharefab.command.listing.ListingTestData.BUYER;
import static com.sharefab.command.listing.ListingTestData.CLOSED_DAY;
import static com.sharefab.command.listing.ListingTestData.DAILY_CAPACITY;
import static com.sharefab.command.listing.ListingTestData.FACTORY;
import static com.sharefab.command.listing.ListingTestData.FACTORY_FIRM_ID;
import static com.sharefab.command.listing.ListingTestData.LISTING_ID;
import static com.sharefab.command.listing.ListingTestData.NOW;
import static com.sharefab.command.listing.ListingTestData.OPERATOR;
import static com.sharefab.command.listing.ListingTestData.ORDER_ID;
import static com.sharefab.command.listing.ListingTestData.OTHER_FACTORY;
import static com.sharefab.command.listing.ListingTestData.TODAY;
import static com.sharefab.command.listing.ListingTestData.aCapacityReservedEvent;
import static com.sharefab.command.listing.ListingTestData.aFactoryFirmView;
import static com.sharefab.command.listing.ListingTestData.aFirmView;
import static com.sharefab.command.listing.ListingTestData.aFixture;
import static com.sharefab.command.listing.ListingTestData.aListingPublishedEvent;
import static com.sharefab.command.listing.ListingTestData.aPublishListingCommand;
import static com.sharefab.command.listing.ListingTestData.as;
import static com.sharefab.command.listing.ListingTestData.assertRefusedByBeanValidation;
import static com.sharefab.command.listing.ListingTestData.by;
import static com.sharefab.command.listing.ListingTestData.december;
import static com.sharefab.command.listing.ListingTestData.domainException;
import static com.sharefab.command.listing.ListingTestData.on;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.events.Money;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.ListingDailyCapacityChangedEvent;
import com.sharefab.events.listing.ListingDaysClosedEvent;
import com.sharefab.events.listing.ListingDaysReopenedEvent;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPriceChangedEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.listing.ListingResumedEvent;
import com.sharefab.events.listing.ListingWithdrawnEvent;
import com.sharefab.query.firm.FirmViews;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishing a listing and the factory's changes to it. */
class CapacityListingTest {

    private AggregateTestFixture<CapacityListing> fixture;
    private FirmViews firms;

    @BeforeEach
    void setUp() {
        firms = mock(FirmViews.class);
        when(firms.find(FACTORY_FIRM_ID)).thenReturn(Optional.of(aFactoryFirmView()));
        fixture = aFixture(firms);
    }

    private TestExecutor<CapacityListing> given(Object... events) {
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private TestExecutor<CapacityListing> givenAListing(Object... moreEvents) {
        var events = new ArrayList<Object>();
        events.add(aListingPublishedEvent());
        events.addAll(Arrays.asList(moreEvents));
        return given(events.toArray());
    }

    private static PublishListingCommand publishing(
            LocalDate from, LocalDate to, List<LocalDate> closedDays, long minOrderQuantity, long dailyCapacity) {
        var c = aPublishListingCommand();
        return new PublishListingCommand(
                c.listingId(),
                c.stepCode(),
                c.unit(),
                c.unitPriceFen(),
                minOrderQuantity,
                dailyCapacity,
                from,
                to,
                closedDays,
                c.leadTimeDays(),
                c.province(),
                c.city(),
                c.requiredMaterials(),
                c.qualityStandard());
    }

    private static PublishListingCommand publishingStep(String stepCode) {
        var c = aPublishListingCommand();
        return new PublishListingCommand(
                c.listingId(),
                stepCode,
                c.unit(),
                c.unitPriceFen(),
                c.minOrderQuantity(),
                c.dailyCapacity(),
                c.bookableFrom(),
                c.bookableTo(),
                c.closedDays(),
                c.leadTimeDays(),
                c.province(),
                c.city(),
                c.requiredMaterials(),
                c.qualityStandard());
    }

    // --- publish ------------------------------------------------------------------------------------------------

    @Test
    void publishListing_registeredFactory_isPublished() {
        given().when(aPublishListingCommand(), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(aListingPublishedEvent(NOW));
    }

    @Test
    void publishListing_sloppyInput_isStoredNormalized() {
        var c = aPublishListingCommand();
        var sloppy = new PublishListingCommand(
                c.listingId(),
                " headwear.embroidery ",
                " piece ",
                c.unitPriceFen(),
                c.minOrderQuantity(),
                c.dailyCapacity(),
                c.bookableFrom(),
                c.bookableTo(),
                List.of(CLOSED_DAY, CLOSED_DAY),
                c.leadTimeDays(),
                " 山东省",
                "青岛市 ",
                List.of(" 帽片 ", "绣线"),
                " GB/T 2912.1 ");

        given().when(sloppy, as(FACTORY)).expectEvents(aListingPublishedEvent(NOW));
    }

    @Test
    void publishListing_closedDaysUnsortedOrNull_areSortedOrEmpty() {
        var unsorted = publishing(BOOKABLE_FROM, BOOKABLE_TO, List.of(december(20), december(4)), 100, 500);
        var c = aListingPublishedEvent(NOW);

        given().when(unsorted, as(FACTORY))
                .expectEvents(new ListingPublishedEvent(
                        c.listingId(),
                        c.factoryFirmId(),
                        c.stepCode(),
                        c.unit(),
                        c.unitPrice(),
                        c.minOrderQuantity(),
                        c.dailyCapacity(),
                        c.bookableFrom(),
                        c.bookableTo(),
                        List.of(december(4), december(20)),
                        c.leadTimeDays(),
                        c.province(),
                        c.city(),
                        c.requiredMaterials(),
                        c.qualityStandard(),
                        NOW));
    }

    @Test
    void publishListing_retryWithSamePayload_isNoOp() {
        givenAListing()
                .when(aPublishListingCommand(), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verify(firms, never()).find(any());
    }

    @Test
    void publishListing_retryAfterChanges_isNoOp() {
        givenAListing(new ListingPriceChangedEvent(LISTING_ID, Money.cny(180), NOW))
                .when(aPublishListingCommand(), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void publishListing_sameIdDifferentPayload_isListingIdConflict() {
        givenAListing()
                .when(publishing(BOOKABLE_FROM, BOOKABLE_TO, List.of(), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_ID_CONFLICT, "listingId"));
    }

    @Test
    void publishListing_sameIdByAnotherFirm_isListingIdConflict() {
        givenAListing()
                .when(aPublishListingCommand(), as(OTHER_FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_ID_CONFLICT, "listingId"));
    }

    @Test
    void publishListing_firmNotRegistered_isForbidden() {
        when(firms.find(FACTORY_FIRM_ID)).thenReturn(Optional.empty());

        given().when(aPublishListingCommand(), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void publishListing_buyerOnlyFirm_isForbidden() {
        when(firms.find(FACTORY_FIRM_ID)).thenReturn(Optional.of(aFirmView(FACTORY_FIRM_ID, List.of(FirmRole.BUYER))));

        given().when(aPublishListingCommand(), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void publishListing_actorWithoutFirm_isForbidden() {
        given().when(aPublishListingCommand(), as(OPERATOR))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void publishListing_auditorOfTheFactory_isForbidden() {
        given().when(aPublishListingCommand(), as(AUDITOR))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void publishListing_unknownStep_isBadUserInputOnStepCode() {
        given().when(publishingStep("headwear.knitting"), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "stepCode"));
    }

    @Test
    void publishListing_bookableFromYesterday_isBadUserInputOnBookableFrom() {
        given().when(publishing(TODAY.minusDays(1), BOOKABLE_TO, List.of(), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "bookableFrom"));
    }

    @Test
    void publishListing_bookableFromToday_isPublished() {
        given().when(publishing(TODAY, BOOKABLE_TO, List.of(), 100, 500), as(FACTORY))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void publishListing_afterMidnightInShanghaiButNotInUtc_todayIsTheShanghaiDay() {
        // 00:30 on 2 December in Qingdao is still 1 December in UTC: 1 December is in the past there.
        fixture.givenCurrentTime(Instant.parse("2026-12-01T16:30:00Z"))
                .when(publishing(TODAY, BOOKABLE_TO, List.of(), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "bookableFrom"));
    }

    @Test
    void publishListing_bookableToBeforeFrom_isBadUserInputOnBookableTo() {
        given().when(publishing(december(10), december(9), List.of(), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "bookableTo"));
    }

    @Test
    void publishListing_calendarOf367Days_isBadUserInputOnBookableTo() {
        given().when(publishing(TODAY, TODAY.plusDays(366), List.of(), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "bookableTo"));
    }

    @Test
    void publishListing_calendarOf366Days_isPublished() {
        given().when(publishing(TODAY, TODAY.plusDays(365), List.of(), 100, 500), as(FACTORY))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void publishListing_closedDayOutsideRange_isBadUserInputOnClosedDays() {
        given().when(publishing(BOOKABLE_FROM, BOOKABLE_TO, List.of(LocalDate.of(2027, 1, 1)), 100, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "closedDays"));
    }

    @Test
    void publishListing_minimumOrderAboveWhatTheCalendarHolds_isBadUserInputOnMinOrderQuantity() {
        // 3 days, one closed: 2 open days of 500 hold 1000 units at most.
        given().when(publishing(december(2), december(4), List.of(december(3)), 1001, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "minOrderQuantity"));
    }

    @Test
    void publishListing_minimumOrderExactlyWhatTheCalendarHolds_isPublished() {
        given().when(publishing(december(2), december(4), List.of(december(3)), 1000, 500), as(FACTORY))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void publishListing_everyDayClosed_isBadUserInputOnMinOrderQuantity() {
        given().when(publishing(december(2), december(3), List.of(december(2), december(3)), 1, 500), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "minOrderQuantity"));
    }

    @Test
    void publishListing_hugeDailyCapacity_doesNotOverflow() {
        given().when(publishing(TODAY, TODAY.plusDays(365), List.of(), Long.MAX_VALUE, Long.MAX_VALUE / 2), as(FACTORY))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void publishListing_zeroPrice_isRejectedByBeanValidation() {
        var c = aPublishListingCommand();
        var free = new PublishListingCommand(
                c.listingId(),
                c.stepCode(),
                c.unit(),
                0,
                c.minOrderQuantity(),
                c.dailyCapacity(),
                c.bookableFrom(),
                c.bookableTo(),
                c.closedDays(),
                c.leadTimeDays(),
                c.province(),
                c.city(),
                c.requiredMaterials(),
                c.qualityStandard());

        assertRefusedByBeanValidation(() -> given().when(free, as(FACTORY)), "unitPriceFen");
    }

    // --- price ----------------------------------------------------------------------------------------------------

    @Test
    void changeListingPrice_byOwner_isChanged() {
        givenAListing()
                .when(new ChangeListingPriceCommand(LISTING_ID, 180), as(FACTORY))
                .expectEvents(new ListingPriceChangedEvent(LISTING_ID, Money.cny(180), NOW));
    }

    @Test
    void changeListingPrice_samePrice_isNoOp() {
        givenAListing()
                .when(new ChangeListingPriceCommand(LISTING_ID, 150), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changeListingPrice_byAnotherFactory_isForbidden() {
        givenAListing()
                .when(new ChangeListingPriceCommand(LISTING_ID, 180), as(OTHER_FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void changeListingPrice_byOperator_isForbidden() {
        givenAListing()
                .when(new ChangeListingPriceCommand(LISTING_ID, 180), as(OPERATOR))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void changeListingPrice_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new ChangeListingPriceCommand(LISTING_ID, 180), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    @Test
    void changeListingPrice_negativePrice_isRejectedByBeanValidation() {
        assertRefusedByBeanValidation(
                () -> givenAListing().when(new ChangeListingPriceCommand(LISTING_ID, -1), as(FACTORY)), "unitPriceFen");
    }

    @Test
    void changeListingPrice_unknownListing_isAggregateNotFound() {
        given().when(new ChangeListingPriceCommand(LISTING_ID, 180), as(FACTORY))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    // --- daily capacity -------------------------------------------------------------------------------------------

    @Test
    void changeListingDailyCapacity_byOwner_isChanged() {
        givenAListing()
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 800), as(FACTORY))
                .expectEvents(new ListingDailyCapacityChangedEvent(LISTING_ID, 800, NOW));
    }

    @Test
    void changeListingDailyCapacity_sameCapacity_isNoOp() {
        givenAListing()
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, DAILY_CAPACITY), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changeListingDailyCapacity_belowReservedOnSomeDay_isDailyCapacityBelowReserved() {
        givenAListing(
                        by(BUYER, aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 500), on(december(4), 100))),
                        by(BUYER, aCapacityReservedEvent("order-2", 150, on(december(4), 200))))
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 499), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.DAILY_CAPACITY_BELOW_RESERVED, "dailyCapacity"));
    }

    @Test
    void changeListingDailyCapacity_downToTheBusiestDay_isChanged() {
        givenAListing(by(BUYER, aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 300), on(december(4), 100))))
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 300), as(FACTORY))
                .expectEvents(new ListingDailyCapacityChangedEvent(LISTING_ID, 300, NOW));
    }

    @Test
    void changeListingDailyCapacity_afterReservationReleased_isChanged() {
        var reserved = aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 500));
        givenAListing(by(BUYER, reserved), new CapacityReleasedEvent(LISTING_ID, ORDER_ID, reserved.allocations(), NOW))
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 100), as(FACTORY))
                .expectEvents(new ListingDailyCapacityChangedEvent(LISTING_ID, 100, NOW));
    }

    @Test
    void changeListingDailyCapacity_zero_isRejectedByBeanValidation() {
        assertRefusedByBeanValidation(
                () -> givenAListing().when(new ChangeListingDailyCapacityCommand(LISTING_ID, 0), as(FACTORY)),
                "dailyCapacity");
    }

    @Test
    void changeListingDailyCapacity_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 800), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    @Test
    void changeListingDailyCapacity_byBuyer_isForbidden() {
        givenAListing()
                .when(new ChangeListingDailyCapacityCommand(LISTING_ID, 800), as(BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    // --- closed days ----------------------------------------------------------------------------------------------

    @Test
    void closeListingDays_openDays_areClosedSortedAndOnlyTheNewOnes() {
        givenAListing()
                .when(
                        new CloseListingDaysCommand(
                                LISTING_ID, List.of(december(20), CLOSED_DAY, december(10), december(20))),
                        as(FACTORY))
                .expectEvents(new ListingDaysClosedEvent(LISTING_ID, List.of(december(10), december(20)), NOW));
    }

    @Test
    void closeListingDays_alreadyClosed_isNoOp() {
        givenAListing()
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(CLOSED_DAY)), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void closeListingDays_dayWithReservations_isDayHasReservations() {
        givenAListing(by(BUYER, aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 100))))
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(december(2), december(3))), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.DAY_HAS_RESERVATIONS, "days"));
    }

    @Test
    void closeListingDays_dayInThePast_isBadUserInputOnDays() {
        givenAListing()
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(TODAY.minusDays(1))), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "days"));
    }

    @Test
    void closeListingDays_dayOutsideBookableRange_isBadUserInputOnDays() {
        givenAListing()
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(BOOKABLE_TO.plusDays(1))), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "days"));
    }

    @Test
    void closeListingDays_noDays_isRejectedByBeanValidation() {
        assertRefusedByBeanValidation(
                () -> givenAListing().when(new CloseListingDaysCommand(LISTING_ID, List.of()), as(FACTORY)), "days");
    }

    @Test
    void closeListingDays_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(december(10))), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    @Test
    void closeListingDays_byAnotherFactory_isForbidden() {
        givenAListing()
                .when(new CloseListingDaysCommand(LISTING_ID, List.of(december(10))), as(OTHER_FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void reopenListingDays_closedDays_areReopenedOnlyTheClosedOnes() {
        givenAListing(new ListingDaysClosedEvent(LISTING_ID, List.of(december(10)), NOW))
                .when(
                        new ReopenListingDaysCommand(LISTING_ID, List.of(december(10), december(11), CLOSED_DAY)),
                        as(FACTORY))
                .expectEvents(new ListingDaysReopenedEvent(LISTING_ID, List.of(CLOSED_DAY, december(10)), NOW));
    }

    @Test
    void reopenListingDays_alreadyOpen_isNoOp() {
        givenAListing()
                .when(new ReopenListingDaysCommand(LISTING_ID, List.of(december(11))), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void reopenListingDays_closedDayInThePast_isBadUserInputOnDays() {
        // Published on a day when 6 December was still ahead; now it is past.
        fixture.givenCurrentTime(Instant.parse("2026-12-07T02:00:00Z"))
                .andGiven(aListingPublishedEvent())
                .when(new ReopenListingDaysCommand(LISTING_ID, List.of(CLOSED_DAY)), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "days"));
    }

    @Test
    void reopenListingDays_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new ReopenListingDaysCommand(LISTING_ID, List.of(CLOSED_DAY)), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    // --- pause, resume, withdraw ----------------------------------------------------------------------------------

    @Test
    void pauseListing_byOwner_isPaused() {
        givenAListing()
                .when(new PauseListingCommand(LISTING_ID, " 设备检修 "), as(FACTORY))
                .expectEvents(new ListingPausedEvent(LISTING_ID, "设备检修", NOW));
    }

    @Test
    void pauseListing_byOperatorWithoutReason_isPaused() {
        givenAListing()
                .when(new PauseListingCommand(LISTING_ID, null), as(OPERATOR))
                .expectEvents(new ListingPausedEvent(LISTING_ID, null, NOW));
    }

    @Test
    void pauseListing_alreadyPaused_isNoOp() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(new PauseListingCommand(LISTING_ID, "again"), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void pauseListing_byBuyer_isForbidden() {
        givenAListing()
                .when(new PauseListingCommand(LISTING_ID, null), as(BUYER))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void pauseListing_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new PauseListingCommand(LISTING_ID, null), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    @Test
    void resumeListing_paused_isResumed() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(new ResumeListingCommand(LISTING_ID), as(FACTORY))
                .expectEvents(new ListingResumedEvent(LISTING_ID, NOW));
    }

    @Test
    void resumeListing_byOperator_isResumed() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(new ResumeListingCommand(LISTING_ID), as(OPERATOR))
                .expectEvents(new ListingResumedEvent(LISTING_ID, NOW));
    }

    @Test
    void resumeListing_notPaused_isNoOp() {
        givenAListing()
                .when(new ResumeListingCommand(LISTING_ID), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void resumeListing_withdrawnListing_isListingWithdrawn() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW), new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new ResumeListingCommand(LISTING_ID), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_WITHDRAWN, null));
    }

    @Test
    void resumeListing_byAnotherFactory_isForbidden() {
        givenAListing(new ListingPausedEvent(LISTING_ID, null, NOW))
                .when(new ResumeListingCommand(LISTING_ID), as(OTHER_FACTORY))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }

    @Test
    void withdrawListing_noReservations_isWithdrawn() {
        givenAListing()
                .when(new WithdrawListingCommand(LISTING_ID), as(FACTORY))
                .expectEvents(new ListingWithdrawnEvent(LISTING_ID, NOW));
    }

    @Test
    void withdrawListing_alreadyWithdrawn_isNoOp() {
        givenAListing(new ListingWithdrawnEvent(LISTING_ID, NOW))
                .when(new WithdrawListingCommand(LISTING_ID), as(FACTORY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void withdrawListing_liveReservations_isListingHasLiveReservations() {
        givenAListing(by(BUYER, aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 100))))
                .when(new WithdrawListingCommand(LISTING_ID), as(FACTORY))
                .expectNoEvents()
                .expectException(domainException(ListingErrorCode.LISTING_HAS_LIVE_RESERVATIONS, null));
    }

    @Test
    void withdrawListing_reservationsAllReleased_isWithdrawn() {
        var reserved = aCapacityReservedEvent(ORDER_ID, 150, on(december(3), 100));
        givenAListing(by(BUYER, reserved), new CapacityReleasedEvent(LISTING_ID, ORDER_ID, reserved.allocations(), NOW))
                .when(new WithdrawListingCommand(LISTING_ID), as(FACTORY))
                .expectEvents(new ListingWithdrawnEvent(LISTING_ID, NOW));
    }

    @Test
    void withdrawListing_byOperator_isForbidden() {
        givenAListing()
                .when(new WithdrawListingCommand(LISTING_ID), as(OPERATOR))
                .expectNoEvents()
                .expectException(domainException(CommonErrorCode.FORBIDDEN, null));
    }
}
