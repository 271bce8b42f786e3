package com.sharefab.command.order;

import static com.sharefab.command.order.OrderTestData.*;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.order.DisputeDecidedEvent;
import com.sharefab.events.order.DisputeOpenedEvent;
import com.sharefab.events.order.MaterialQuantity;
import com.sharefab.events.order.MaterialsReceivedEvent;
import com.sharefab.events.order.MaterialsShippedEvent;
import com.sharefab.events.order.OrderAcceptedEvent;
import com.sharefab.events.order.OrderCancelledEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderDeclinedEvent;
import com.sharefab.events.order.OrderEscrowReleasedEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderRefundedEvent;
import com.sharefab.events.order.OrderRejectedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ProductionProgressReportedEvent;
import com.sharefab.events.order.ProductionStartedEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.query.firm.FirmViews;
import com.sharefab.query.listing.ListingViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order's life, step by step: who may take each step, when, and what a retry does. */
class OrderTest {

    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        var listings = mock(ListingViews.class);
        when(listings.find(LISTING_ID)).thenReturn(Optional.of(aListingView()));
        var firms = mock(FirmViews.class);
        when(firms.find(BUYER_FIRM_ID)).thenReturn(Optional.of(aBuyerFirmView()));
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource(listings);
        fixture.registerInjectableResource(firms);
        fixture.registerInjectableResource(deadlines());
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
        fixture.setReportIllegalStateChange(true);
    }

    /** An order that went through the events up to {@code last} (in the life's order), then {@code more}. */
    private TestExecutor<Order> givenAnOrder(int steps, Object... more) {
        var life = List.<Object>of(
                anOrderPlacedEvent(),
                anOrderCapacityReservedEvent(),
                anOrderPaidEvent(),
                anOrderAcceptedEvent(),
                aMaterialsShippedEvent(),
                aMaterialsReceivedEvent(),
                aProductionStartedEvent(),
                anOrderShippedEvent());
        var events = new ArrayList<Object>(life.subList(0, steps));
        events.addAll(Arrays.asList(more));
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private static final int PLACED = 1;
    private static final int PAYMENT_DUE = 2;
    private static final int PAID = 3;
    private static final int ACCEPTED = 4;
    private static final int MATERIALS_SHIPPED = 5;
    private static final int MATERIALS_RECEIVED = 6;
    private static final int IN_PRODUCTION = 7;
    private static final int SHIPPED = 8;

    // --- placement ---------------------------------------------------------------------------------------------------

    @Test
    void placeOrder_byRegisteredBuyer_isPlacedWithTheListingsFactory() {
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(aPlaceOrderCommand(), as(BUYER))
                .expectEvents(new OrderPlacedEvent(ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, LISTING_ID, STEP,
                        QUANTITY, FROM, TO, MATERIALS, Money.cny(220), NOW));
    }

    @Test
    void placeOrder_retriedWithSamePayload_changesNothing() {
        givenAnOrder(PLACED).when(aPlaceOrderCommand(), as(BUYER)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void placeOrder_sameIdOtherPayload_isOrderIdConflict() {
        var other = new PlaceOrderCommand(ORDER_ID, LISTING_ID, QUANTITY + 1, FROM, TO, MATERIALS, 220L);
        givenAnOrder(PLACED).when(other, as(BUYER))
                .expectException(DomainException.class)
                .expectException(domainException(OrderErrorCode.ORDER_ID_CONFLICT, "orderId"));
    }

    @Test
    void placeOrder_idOfAListing_isOrderIdTakenAndAppendsNothing() {
        // The event store reads a stream by id alone, whatever type wrote it; the fixture checks the type, so the
        // listing's event is given under the order's type to reproduce what a real load sees.
        var listingEvent = new GenericDomainEventMessage<>("Order", ORDER_ID, 0,
                new ListingPublishedEvent(ORDER_ID, FACTORY_FIRM_ID, STEP, "piece", UNIT_PRICE, 1, 10, FROM, TO,
                        List.of(), 0, "山东", "青岛", List.of(), "GB", NOW));
        fixture.givenCurrentTime(NOW).andGiven(List.of(listingEvent))
                .when(aPlaceOrderCommand(), as(BUYER))
                .expectException(domainException(OrderErrorCode.ORDER_ID_TAKEN, "orderId"));
    }

    @Test
    void placeOrder_byFactoryRole_isForbidden() {
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(aPlaceOrderCommand(), as(new Actor("wang", BUYER_FIRM_ID, "FACTORY")))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void placeOrder_unregisteredFirm_isForbidden() {
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(aPlaceOrderCommand(), as(OTHER_BUYER))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void placeOrder_unknownListing_isNotFound() {
        var command = new PlaceOrderCommand(ORDER_ID, "no-such-listing", QUANTITY, FROM, TO, MATERIALS, null);
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(command, as(BUYER))
                .expectException(domainException(CommonErrorCode.NOT_FOUND, "listingId"));
    }

    @Test
    void placeOrder_windowReversedOrPast_isBadUserInput() {
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(new PlaceOrderCommand(ORDER_ID, LISTING_ID, QUANTITY, TO, FROM, MATERIALS, null), as(BUYER))
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "windowTo"));
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(new PlaceOrderCommand(ORDER_ID, LISTING_ID, QUANTITY, TODAY.minusDays(1), TO, MATERIALS, null),
                        as(BUYER))
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT, "windowFrom"));
    }

    @Test
    void placeOrder_badOrderId_isRefusedByValidation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.givenNoPriorActivity()
                        .when(new PlaceOrderCommand("no spaces!", LISTING_ID, QUANTITY, FROM, TO, MATERIALS, null),
                                as(BUYER)))
                .hasMessageContaining("orderId");
    }

    // --- capacity and payment -------------------------------------------------------------------------------------------

    @Test
    void recordCapacityReserved_placedOrder_locksPriceAndSetsPaymentDeadline() {
        givenAnOrder(PLACED).when(new RecordCapacityReservedCommand(ORDER_ID, UNIT_PRICE, ALLOCATIONS), as(SYSTEM))
                .expectEvents(new OrderCapacityReservedEvent(ORDER_ID, UNIT_PRICE, AMOUNT, ALLOCATIONS, NOW.plus(PAY),
                        NOW));
    }

    @Test
    void recordCapacityReserved_byBuyer_isForbidden() {
        givenAnOrder(PLACED).when(new RecordCapacityReservedCommand(ORDER_ID, UNIT_PRICE, ALLOCATIONS), as(BUYER))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void rejectReservation_placedOrder_rejectsIt() {
        givenAnOrder(PLACED).when(new RejectOrderReservationCommand(ORDER_ID, "NO_CAPACITY", "only 3 free"), as(SYSTEM))
                .expectEvents(new OrderRejectedEvent(ORDER_ID, "NO_CAPACITY", "only 3 free", NOW));
    }

    @Test
    void recordPayment_paymentDue_paysAndStartsAcceptanceDeadline() {
        givenAnOrder(PAYMENT_DUE).when(new RecordPaymentCommand(ORDER_ID, AMOUNT, "pay-1"), as(SYSTEM))
                .expectEvents(new OrderPaidEvent(ORDER_ID, AMOUNT, "pay-1", NOW.plus(ACCEPT), NOW));
    }

    @Test
    void recordPayment_afterCancellation_changesNothing() {
        givenAnOrder(PAYMENT_DUE, new OrderCancelledEvent(ORDER_ID, "PAYMENT_TIMEOUT", false, NOW))
                .when(new RecordPaymentCommand(ORDER_ID, AMOUNT, "pay-1"), as(SYSTEM))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void expirePayment_unpaid_cancels() {
        givenAnOrder(PAYMENT_DUE).when(new ExpireOrderPaymentCommand(ORDER_ID), as(SYSTEM))
                .expectEvents(new OrderCancelledEvent(ORDER_ID, "PAYMENT_TIMEOUT", false, NOW));
    }

    @Test
    void expirePayment_paidOrRunTwice_changesNothing() {
        givenAnOrder(PAID).when(new ExpireOrderPaymentCommand(ORDER_ID), as(SYSTEM)).expectNoEvents();
        givenAnOrder(PAYMENT_DUE, new OrderCancelledEvent(ORDER_ID, "PAYMENT_TIMEOUT", false, NOW))
                .when(new ExpireOrderPaymentCommand(ORDER_ID), as(SYSTEM)).expectNoEvents();
    }

    // --- cancellation --------------------------------------------------------------------------------------------------

    @Test
    void cancelOrder_byBuyerBeforePayment_cancelsUnpaid() {
        givenAnOrder(PAYMENT_DUE).when(new CancelOrderCommand(ORDER_ID), as(BUYER))
                .expectEvents(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW));
    }

    @Test
    void cancelOrder_byBuyerAfterPayment_cancelsPaid() {
        givenAnOrder(PAID).when(new CancelOrderCommand(ORDER_ID), as(BUYER))
                .expectEvents(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", true, NOW));
    }

    @Test
    void cancelOrder_afterAcceptance_isInvalidOrderStatus() {
        givenAnOrder(ACCEPTED).when(new CancelOrderCommand(ORDER_ID), as(BUYER))
                .expectException(domainException(OrderErrorCode.INVALID_ORDER_STATUS));
    }

    @Test
    void cancelOrder_byAnotherBuyerTheFactoryOrAnAuditor_isForbidden() {
        for (Actor actor : List.of(OTHER_BUYER, FACTORY, AUDITOR, OPERATOR)) {
            givenAnOrder(PAYMENT_DUE).when(new CancelOrderCommand(ORDER_ID), as(actor))
                    .expectException(domainException(CommonErrorCode.FORBIDDEN));
        }
    }

    @Test
    void cancelOrder_retried_changesNothing() {
        givenAnOrder(PAYMENT_DUE, new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .when(new CancelOrderCommand(ORDER_ID), as(BUYER)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void command_onAnIdThatIsNoOrder_isNotFound() {
        // The event store reads a stream by id alone, whatever type wrote it; the fixture checks the type, so the
        // listing's event is given under the order's type to reproduce what a real load sees.
        var listingEvent = new GenericDomainEventMessage<>("Order", ORDER_ID, 0,
                new ListingPublishedEvent(ORDER_ID, FACTORY_FIRM_ID, STEP, "piece", UNIT_PRICE, 1, 10, FROM, TO,
                        List.of(), 0, "山东", "青岛", List.of(), "GB", NOW));
        fixture.givenCurrentTime(NOW).andGiven(List.of(listingEvent))
                .when(new CancelOrderCommand(ORDER_ID), as(BUYER))
                .expectException(domainException(CommonErrorCode.NOT_FOUND));
    }

    // --- the factory's answer -------------------------------------------------------------------------------------------

    @Test
    void acceptOrder_byFactoryWhenPaid_accepts() {
        givenAnOrder(PAID).when(new AcceptOrderCommand(ORDER_ID), as(FACTORY))
                .expectEvents(new OrderAcceptedEvent(ORDER_ID, NOW));
    }

    @Test
    void acceptOrder_beforePayment_isInvalidOrderStatus() {
        givenAnOrder(PAYMENT_DUE).when(new AcceptOrderCommand(ORDER_ID), as(FACTORY))
                .expectException(domainException(OrderErrorCode.INVALID_ORDER_STATUS));
    }

    @Test
    void acceptOrder_byOtherFactoryOrBuyer_isForbidden() {
        for (Actor actor : List.of(OTHER_FACTORY, BUYER, new Actor("x", FACTORY_FIRM_ID, "AUDITOR"))) {
            givenAnOrder(PAID).when(new AcceptOrderCommand(ORDER_ID), as(actor))
                    .expectException(domainException(CommonErrorCode.FORBIDDEN));
        }
    }

    @Test
    void declineOrder_byFactoryWhenPaid_declines() {
        givenAnOrder(PAID).when(new DeclineOrderCommand(ORDER_ID, "machines down"), as(FACTORY))
                .expectEvents(new OrderDeclinedEvent(ORDER_ID, "FACTORY_REJECTED", "machines down", NOW));
    }

    @Test
    void expireAcceptance_unanswered_declines() {
        givenAnOrder(PAID).when(new ExpireOrderAcceptanceCommand(ORDER_ID), as(SYSTEM))
                .expectEvents(new OrderDeclinedEvent(ORDER_ID, "ACCEPT_TIMEOUT", null, NOW));
    }

    @Test
    void expireAcceptance_acceptedMeanwhile_changesNothing() {
        givenAnOrder(ACCEPTED).when(new ExpireOrderAcceptanceCommand(ORDER_ID), as(SYSTEM)).expectNoEvents();
    }

    // --- materials and production -----------------------------------------------------------------------------------------

    @Test
    void shipMaterials_byBuyerAfterAcceptance_recordsShipment() {
        givenAnOrder(ACCEPTED).when(new ShipMaterialsCommand(ORDER_ID, "顺丰", "SF100", MATERIALS), as(BUYER))
                .expectEvents(new MaterialsShippedEvent(ORDER_ID, "顺丰", "SF100", MATERIALS, NOW));
    }

    @Test
    void shipMaterials_sameTrackingNumberAgain_noOpOrConflict() {
        givenAnOrder(MATERIALS_SHIPPED).when(new ShipMaterialsCommand(ORDER_ID, "顺丰", "SF100", MATERIALS), as(BUYER))
                .expectNoEvents();
        givenAnOrder(MATERIALS_SHIPPED)
                .when(new ShipMaterialsCommand(ORDER_ID, "顺丰", "SF100", List.of(new MaterialQuantity("caps", 1))),
                        as(BUYER))
                .expectException(domainException(OrderErrorCode.STEP_ALREADY_RECORDED, "trackingNumber"));
    }

    @Test
    void shipMaterials_beforeAcceptance_isInvalidOrderStatus() {
        givenAnOrder(PAID).when(new ShipMaterialsCommand(ORDER_ID, "顺丰", "SF100", MATERIALS), as(BUYER))
                .expectException(domainException(OrderErrorCode.INVALID_ORDER_STATUS));
    }

    @Test
    void recordMaterialsReceived_byFactory_recordsQuantitiesAndDiscrepancies() {
        var received = List.of(new MaterialQuantity("caps", 618), new MaterialQuantity("thread", 10));
        givenAnOrder(MATERIALS_SHIPPED)
                .when(new RecordMaterialsReceivedCommand(ORDER_ID, received, "2 caps missing"), as(FACTORY))
                .expectEvents(new MaterialsReceivedEvent(ORDER_ID, received, "2 caps missing", NOW));
    }

    @Test
    void recordMaterialsReceived_byBuyer_isForbidden() {
        givenAnOrder(MATERIALS_SHIPPED)
                .when(new RecordMaterialsReceivedCommand(ORDER_ID, MATERIALS, null), as(BUYER))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void startProduction_afterMaterialsReceived_starts() {
        givenAnOrder(MATERIALS_RECEIVED).when(new StartProductionCommand(ORDER_ID), as(FACTORY))
                .expectEvents(new ProductionStartedEvent(ORDER_ID, NOW));
        givenAnOrder(MATERIALS_SHIPPED).when(new StartProductionCommand(ORDER_ID), as(FACTORY))
                .expectException(domainException(OrderErrorCode.INVALID_ORDER_STATUS));
    }

    @Test
    void reportProgress_inProduction_recordedOnceByReportId() {
        var report = new ReportProgressCommand(ORDER_ID, "r1", 300, 4, List.of(use("caps", 304, 2)), "day 1");
        var event = new ProductionProgressReportedEvent(ORDER_ID, "r1", 300, 4, List.of(use("caps", 304, 2)), "day 1",
                NOW);
        givenAnOrder(IN_PRODUCTION).when(report, as(FACTORY)).expectEvents(event);
        givenAnOrder(IN_PRODUCTION, event).when(report, as(FACTORY)).expectNoEvents();
        givenAnOrder(IN_PRODUCTION, event)
                .when(new ReportProgressCommand(ORDER_ID, "r1", 301, 4, List.of(use("caps", 304, 2)), "day 1"),
                        as(FACTORY))
                .expectException(domainException(OrderErrorCode.STEP_ALREADY_RECORDED, "reportId"));
    }

    @Test
    void shipOrder_inProduction_setsConfirmationAndDisputeDeadlines() {
        givenAnOrder(IN_PRODUCTION)
                .when(new ShipOrderCommand(ORDER_ID, 600, "顺丰", "SF200", List.of(new MaterialQuantity("caps", 8))),
                        as(FACTORY))
                .expectEvents(new OrderShippedEvent(ORDER_ID, 600, "顺丰", "SF200",
                        List.of(new MaterialQuantity("caps", 8)), NOW.plus(CONFIRM), NOW.plus(DISPUTE_WINDOW), NOW));
    }

    // --- receipt, disputes, settlement -------------------------------------------------------------------------------------

    @Test
    void confirmReceipt_byBuyerWhenShipped_completes() {
        givenAnOrder(SHIPPED).when(new ConfirmReceiptCommand(ORDER_ID), as(BUYER))
                .expectEvents(new ReceiptConfirmedEvent(ORDER_ID, false, NOW));
        givenAnOrder(SHIPPED).when(new ConfirmReceiptCommand(ORDER_ID), as(FACTORY))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void autoConfirmReceipt_shipped_confirmsAutomatically_butNotWhenDisputed() {
        givenAnOrder(SHIPPED).when(new AutoConfirmReceiptCommand(ORDER_ID), as(SYSTEM))
                .expectEvents(new ReceiptConfirmedEvent(ORDER_ID, true, NOW));
        givenAnOrder(SHIPPED, new DisputeOpenedEvent(ORDER_ID, "stitching loose", 40, NOW))
                .when(new AutoConfirmReceiptCommand(ORDER_ID), as(SYSTEM)).expectNoEvents();
    }

    @Test
    void openDispute_withinWindow_opens() {
        givenAnOrder(SHIPPED).when(new OpenDisputeCommand(ORDER_ID, "stitching loose", 40), as(BUYER))
                .expectEvents(new DisputeOpenedEvent(ORDER_ID, "stitching loose", 40, NOW));
    }

    @Test
    void openDispute_afterWindow_isDisputeWindowClosed() {
        fixture.givenCurrentTime(NOW.plus(Duration.ofDays(6)))
                .andGiven(anOrderPlacedEvent(), anOrderCapacityReservedEvent(), anOrderPaidEvent(),
                        anOrderAcceptedEvent(), aMaterialsReceivedEvent(), aProductionStartedEvent(),
                        anOrderShippedEvent())
                .when(new OpenDisputeCommand(ORDER_ID, "late", 1), as(BUYER))
                .expectException(domainException(OrderErrorCode.DISPUTE_WINDOW_CLOSED));
    }

    @Test
    void decideDispute_byOperator_splitsEscrow() {
        givenAnOrder(SHIPPED, new DisputeOpenedEvent(ORDER_ID, "stitching loose", 40, NOW))
                .when(new DecideDisputeCommand(ORDER_ID, 6_000, "40 caps redone badly"), as(OPERATOR))
                .expectEvents(new DisputeDecidedEvent(ORDER_ID, Money.cny(6_000), Money.cny(84_000),
                        "40 caps redone badly", NOW));
    }

    @Test
    void decideDispute_byBuyerOrFactory_isForbidden_andMoreThanEscrow_isRefused() {
        var disputed = new DisputeOpenedEvent(ORDER_ID, "stitching loose", 40, NOW);
        givenAnOrder(SHIPPED, disputed).when(new DecideDisputeCommand(ORDER_ID, 6_000, "x"), as(BUYER))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
        givenAnOrder(SHIPPED, disputed).when(new DecideDisputeCommand(ORDER_ID, 6_000, "x"), as(FACTORY))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
        givenAnOrder(SHIPPED, disputed).when(new DecideDisputeCommand(ORDER_ID, 90_001, "x"), as(OPERATOR))
                .expectException(domainException(OrderErrorCode.REFUND_EXCEEDS_ESCROW, "refundToBuyerFen"));
    }

    @Test
    void settlementFacts_recordedOnceEach_andCompletedOrderBecomesSettled() {
        Instant at = NOW.minusSeconds(1);
        var released = new OrderEscrowReleasedEvent(ORDER_ID, "order-1:release", Money.cny(87_300), Money.cny(2_700),
                at);
        givenAnOrder(SHIPPED, new ReceiptConfirmedEvent(ORDER_ID, false, NOW))
                .when(new RecordEscrowReleaseCommand(ORDER_ID, "order-1:release", Money.cny(87_300), Money.cny(2_700),
                        at), as(SYSTEM))
                .expectEvents(released);
        givenAnOrder(SHIPPED, new ReceiptConfirmedEvent(ORDER_ID, false, NOW), released)
                .when(new RecordEscrowReleaseCommand(ORDER_ID, "order-1:release", Money.cny(87_300), Money.cny(2_700),
                        at), as(SYSTEM))
                .expectNoEvents();
        givenAnOrder(PAID, new OrderDeclinedEvent(ORDER_ID, "FACTORY_REJECTED", null, NOW))
                .when(new RecordRefundCommand(ORDER_ID, "order-1:refund", AMOUNT, "FACTORY_REJECTED", at), as(SYSTEM))
                .expectEvents(new OrderRefundedEvent(ORDER_ID, "order-1:refund", AMOUNT, "FACTORY_REJECTED", at));
        givenAnOrder(SHIPPED, new ReceiptConfirmedEvent(ORDER_ID, false, NOW), released)
                .when(new RecordSettlementClosedCommand(ORDER_ID, AMOUNT, Money.cny(87_300), Money.cny(0),
                        Money.cny(2_700)), as(SYSTEM))
                .expectEvents(new OrderSettledEvent(ORDER_ID, AMOUNT, Money.cny(87_300), Money.cny(0),
                        Money.cny(2_700), NOW));
    }
}
