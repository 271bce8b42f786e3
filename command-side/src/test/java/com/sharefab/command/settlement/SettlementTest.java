package com.sharefab.command.settlement;

import static com.sharefab.command.settlement.SettlementTestData.AMOUNT;
import static com.sharefab.command.settlement.SettlementTestData.AMOUNT_FEN;
import static com.sharefab.command.settlement.SettlementTestData.BUYER;
import static com.sharefab.command.settlement.SettlementTestData.BUYER_FIRM;
import static com.sharefab.command.settlement.SettlementTestData.FACTORY_FIRM;
import static com.sharefab.command.settlement.SettlementTestData.NOW;
import static com.sharefab.command.settlement.SettlementTestData.OPERATOR;
import static com.sharefab.command.settlement.SettlementTestData.ORDER_ID;
import static com.sharefab.command.settlement.SettlementTestData.OTHER_BUYER;
import static com.sharefab.command.settlement.SettlementTestData.PAYMENT_ID;
import static com.sharefab.command.settlement.SettlementTestData.PROVIDER_PAYMENT_ID;
import static com.sharefab.command.settlement.SettlementTestData.RATE;
import static com.sharefab.command.settlement.SettlementTestData.SETTLEMENT_ID;
import static com.sharefab.command.settlement.SettlementTestData.aCapture;
import static com.sharefab.command.settlement.SettlementTestData.aFixture;
import static com.sharefab.command.settlement.SettlementTestData.anOpenSettlementCommand;
import static com.sharefab.command.settlement.SettlementTestData.as;
import static com.sharefab.command.settlement.SettlementTestData.captured;
import static com.sharefab.command.settlement.SettlementTestData.domainException;
import static com.sharefab.command.settlement.SettlementTestData.opened;
import static com.sharefab.command.settlement.SettlementTestData.payoutRequested;
import static com.sharefab.command.settlement.SettlementTestData.refundRequested;
import static com.sharefab.command.settlement.SettlementTestData.refunded;
import static com.sharefab.command.settlement.SettlementTestData.released;
import static com.sharefab.command.settlement.SettlementTestData.requested;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowSplitEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentNotificationRejectedEvent;
import com.sharefab.events.settlement.SettlementCancelledEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A settlement's life: open, pay, capture, release, refund, split, cancel, payout, close. */
class SettlementTest {

    /** 3 % of 10 000.00 yuan. */
    private static final long COMMISSION = 30_000;

    private AggregateTestFixture<Settlement> fixture;

    @BeforeEach
    void setUp() {
        fixture = aFixture();
    }

    private static SettlementClosedEvent closed(long captured, long released, long refunded, long commission) {
        return new SettlementClosedEvent(
                SETTLEMENT_ID,
                ORDER_ID,
                Money.cny(captured),
                Money.cny(released),
                Money.cny(refunded),
                Money.cny(commission),
                NOW);
    }

    // --- open ----------------------------------------------------------------------------------------------------

    @Test
    void openSettlement_new_isOpenedAtTheRateInForce() {
        fixture.givenCurrentTime(NOW).when(anOpenSettlementCommand()).expectEvents(opened());
    }

    @Test
    void openSettlement_retried_changesNothing() {
        fixture.givenCurrentTime(NOW).andGiven(opened()).when(anOpenSettlementCommand()).expectNoEvents();
    }

    @Test
    void openSettlement_sameIdOtherAmount_isOperationIdConflict() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened())
                .when(new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM, FACTORY_FIRM, Money.cny(1)))
                .expectException(domainException(SettlementErrorCode.OPERATION_ID_CONFLICT));
    }

    @Test
    void openSettlement_idNotDerivedFromOrder_isBadUserInput() {
        fixture.givenCurrentTime(NOW)
                .when(new OpenSettlementCommand("stl.other", ORDER_ID, BUYER_FIRM, FACTORY_FIRM, AMOUNT))
                .expectException(domainException(CommonErrorCode.BAD_USER_INPUT));
    }

    // --- pay -----------------------------------------------------------------------------------------------------

    @Test
    void preparePayment_byBuyer_recordsTheRequestAndAnswersTheOrder() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened())
                .when(new PreparePaymentCommand(SETTLEMENT_ID), as(BUYER))
                .expectEvents(requested())
                .expectResultMessagePayload(new PaymentOrder(SETTLEMENT_ID, ORDER_ID, PAYMENT_ID, BUYER_FIRM, AMOUNT));
    }

    @Test
    void preparePayment_retried_answersTheSameOrderWithoutEvents() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested())
                .when(new PreparePaymentCommand(SETTLEMENT_ID), as(BUYER))
                .expectNoEvents()
                .expectResultMessagePayload(new PaymentOrder(SETTLEMENT_ID, ORDER_ID, PAYMENT_ID, BUYER_FIRM, AMOUNT));
    }

    @Test
    void preparePayment_byAnotherBuyer_isForbidden() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened())
                .when(new PreparePaymentCommand(SETTLEMENT_ID), as(OTHER_BUYER))
                .expectException(domainException(CommonErrorCode.FORBIDDEN));
    }

    @Test
    void preparePayment_paidAlready_isAlreadyPaid() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested(), captured())
                .when(new PreparePaymentCommand(SETTLEMENT_ID), as(BUYER))
                .expectException(domainException(SettlementErrorCode.ALREADY_PAID));
    }

    @Test
    void preparePayment_cancelled_isSettlementClosed() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        closed(0, 0, 0, 0))
                .when(new PreparePaymentCommand(SETTLEMENT_ID), as(BUYER))
                .expectException(domainException(SettlementErrorCode.SETTLEMENT_CLOSED));
    }

    // --- capture -------------------------------------------------------------------------------------------------

    @Test
    void capturePayment_matchingNotification_capturesIntoEscrow() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested())
                .when(aCapture("n-1"))
                .expectEvents(captured());
    }

    @Test
    void capturePayment_duplicateNotification_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested(), captured())
                .when(aCapture("n-2"))
                .expectNoEvents();
    }

    @Test
    void capturePayment_amountMismatch_recordsTheRejectedNotificationAndCapturesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested())
                .when(new CapturePaymentCommand(SETTLEMENT_ID, "n-1", PROVIDER_PAYMENT_ID, Money.cny(AMOUNT_FEN - 1)))
                .expectEvents(new PaymentNotificationRejectedEvent(
                        SETTLEMENT_ID, ORDER_ID, "n-1", PROVIDER_PAYMENT_ID, Money.cny(AMOUNT_FEN - 1),
                        Settlement.AMOUNT_MISMATCH, NOW));
    }

    @Test
    void capturePayment_currencyMismatch_capturesNothing() {
        var usd = new Money(AMOUNT_FEN, "USD");
        fixture.givenCurrentTime(NOW)
                .andGiven(opened())
                .when(new CapturePaymentCommand(SETTLEMENT_ID, "n-1", PROVIDER_PAYMENT_ID, usd))
                .expectEvents(new PaymentNotificationRejectedEvent(
                        SETTLEMENT_ID, ORDER_ID, "n-1", PROVIDER_PAYMENT_ID, usd, Settlement.AMOUNT_MISMATCH, NOW));
    }

    @Test
    void capturePayment_rejectedNotificationReplayed_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), new PaymentNotificationRejectedEvent(
                        SETTLEMENT_ID, ORDER_ID, "n-1", "pp-x", Money.cny(1), Settlement.AMOUNT_MISMATCH, NOW))
                .when(new CapturePaymentCommand(SETTLEMENT_ID, "n-1", "pp-x", Money.cny(1)))
                .expectNoEvents();
    }

    @Test
    void capturePayment_secondPaymentOfAPaidOrder_isRejectedAsAlreadyPaid() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new CapturePaymentCommand(SETTLEMENT_ID, "n-9", "pp-2", AMOUNT))
                .expectEvents(new PaymentNotificationRejectedEvent(
                        SETTLEMENT_ID, ORDER_ID, "n-9", "pp-2", AMOUNT, Settlement.ALREADY_PAID, NOW));
    }

    // --- cancel --------------------------------------------------------------------------------------------------

    @Test
    void cancelSettlement_beforeCapture_closesWithoutMoney() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested())
                .when(new CancelSettlementCommand(SETTLEMENT_ID, "PAYMENT_TIMEOUT"))
                .expectEvents(
                        new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        closed(0, 0, 0, 0));
    }

    @Test
    void cancelSettlement_retried_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        closed(0, 0, 0, 0))
                .when(new CancelSettlementCommand(SETTLEMENT_ID, "PAYMENT_TIMEOUT"))
                .expectNoEvents();
    }

    @Test
    void capturePayment_afterCancel_isCapturedAndRefundedInFull() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested(),
                        new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        closed(0, 0, 0, 0))
                .when(aCapture("n-1"))
                .expectEvents(
                        captured(),
                        refundRequested(SETTLEMENT_ID + ":paid-after-cancel", AMOUNT_FEN, Settlement.PAID_AFTER_CANCEL));
    }

    @Test
    void recordRefund_paidAfterCancel_closesWithEverythingRefunded() {
        String refundId = SETTLEMENT_ID + ":paid-after-cancel";
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(),
                        new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        closed(0, 0, 0, 0),
                        captured(),
                        refundRequested(refundId, AMOUNT_FEN, Settlement.PAID_AFTER_CANCEL))
                .when(new RecordRefundCommand(SETTLEMENT_ID, refundId, "pr-1"))
                .expectEvents(
                        refunded(refundId, AMOUNT_FEN, Settlement.PAID_AFTER_CANCEL),
                        closed(AMOUNT_FEN, 0, AMOUNT_FEN, 0));
    }

    @Test
    void cancelSettlement_afterCapture_refundsByItself() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new CancelSettlementCommand(SETTLEMENT_ID, "PAYMENT_TIMEOUT"))
                .expectEvents(
                        new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "PAYMENT_TIMEOUT", NOW),
                        refundRequested(SETTLEMENT_ID + ":paid-after-cancel", AMOUNT_FEN, Settlement.PAID_AFTER_CANCEL));
    }

    // --- release -------------------------------------------------------------------------------------------------

    @Test
    void releaseEscrow_captured_releasesLessCommissionAndRequestsThePayout() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "o-1:release"))
                .expectEvents(
                        released("o-1:release", AMOUNT_FEN - COMMISSION, COMMISSION),
                        payoutRequested("o-1:release:payout", AMOUNT_FEN - COMMISSION));
    }

    @Test
    void releaseEscrow_retried_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), released("o-1:release", AMOUNT_FEN - COMMISSION, COMMISSION),
                        payoutRequested("o-1:release:payout", AMOUNT_FEN - COMMISSION))
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "o-1:release"))
                .expectNoEvents();
    }

    @Test
    void releaseEscrow_commissionHalfFen_roundsHalfUp() {
        // 3 % of 150 fen is 4.5 fen: the platform keeps 5, the factory gets 145.
        var opened = new SettlementOpenedEvent(
                SETTLEMENT_ID, ORDER_ID, BUYER_FIRM, FACTORY_FIRM, Money.cny(150), RATE, NOW);
        fixture.givenCurrentTime(NOW)
                .andGiven(opened, new PaymentCapturedEvent(SETTLEMENT_ID, ORDER_ID, PROVIDER_PAYMENT_ID, Money.cny(150), NOW))
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "r"))
                .expectEvents(released("r", 145, 5), payoutRequested("r:payout", 145));
    }

    @Test
    void releaseEscrow_notPaid_isPaymentNotCaptured() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), requested())
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "o-1:release"))
                .expectException(domainException(SettlementErrorCode.PAYMENT_NOT_CAPTURED));
    }

    @Test
    void releaseEscrow_afterFullRefund_isEscrowEmpty() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"),
                        refunded("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"), closed(AMOUNT_FEN, 0, AMOUNT_FEN, 0))
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "o-1:release"))
                .expectException(domainException(SettlementErrorCode.ESCROW_EMPTY));
    }

    @Test
    void releaseEscrow_whileRefundInFlight_isEscrowEmpty() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"))
                .when(new ReleaseEscrowCommand(SETTLEMENT_ID, "o-1:release"))
                .expectException(domainException(SettlementErrorCode.ESCROW_EMPTY));
    }

    @Test
    void recordPayout_lastMovement_paysOutAndCloses() {
        long toFactory = AMOUNT_FEN - COMMISSION;
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), released("o-1:release", toFactory, COMMISSION),
                        payoutRequested("o-1:release:payout", toFactory))
                .when(new RecordPayoutCommand(SETTLEMENT_ID, "o-1:release:payout", "po-1"))
                .expectEvents(
                        new FactoryPaidOutEvent(
                                SETTLEMENT_ID, ORDER_ID, "o-1:release:payout", "po-1", Money.cny(toFactory), NOW),
                        closed(AMOUNT_FEN, toFactory, 0, COMMISSION));
    }

    @Test
    void recordPayout_retried_changesNothing() {
        long toFactory = AMOUNT_FEN - COMMISSION;
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), released("o-1:release", toFactory, COMMISSION),
                        payoutRequested("o-1:release:payout", toFactory),
                        new FactoryPaidOutEvent(
                                SETTLEMENT_ID, ORDER_ID, "o-1:release:payout", "po-1", Money.cny(toFactory), NOW),
                        closed(AMOUNT_FEN, toFactory, 0, COMMISSION))
                .when(new RecordPayoutCommand(SETTLEMENT_ID, "o-1:release:payout", "po-1"))
                .expectNoEvents();
    }

    // --- refund --------------------------------------------------------------------------------------------------

    @Test
    void refundPayment_captured_requestsEverythingHeld() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:refund", "FACTORY_REJECTED"))
                .expectEvents(refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"));
    }

    @Test
    void refundPayment_retried_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"))
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:refund", "FACTORY_REJECTED"))
                .expectNoEvents();
    }

    @Test
    void refundPayment_sameIdOtherReason_isOperationIdConflict() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"))
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:refund", "BUYER_CANCELLED"))
                .expectException(domainException(SettlementErrorCode.OPERATION_ID_CONFLICT));
    }

    @Test
    void refundPayment_afterRelease_isEscrowEmpty() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), released("o-1:release", AMOUNT_FEN - COMMISSION, COMMISSION))
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:refund", "BUYER_CANCELLED"))
                .expectException(domainException(SettlementErrorCode.ESCROW_EMPTY));
    }

    @Test
    void refundPayment_secondRefundWhileFirstInFlight_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"))
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:cancel-refund", "BUYER_CANCELLED"))
                .expectNoEvents();
    }

    @Test
    void refundPayment_nothingCaptured_cancelsAndClosesWithoutMoney() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened())
                .when(new RefundPaymentCommand(SETTLEMENT_ID, "o-1:refund", "FACTORY_REJECTED"))
                .expectEvents(
                        new SettlementCancelledEvent(SETTLEMENT_ID, ORDER_ID, "FACTORY_REJECTED", NOW),
                        closed(0, 0, 0, 0));
    }

    @Test
    void recordRefund_fullRefund_closes() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), refundRequested("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"))
                .when(new RecordRefundCommand(SETTLEMENT_ID, "o-1:refund", "pr-1"))
                .expectEvents(
                        refunded("o-1:refund", AMOUNT_FEN, "FACTORY_REJECTED"), closed(AMOUNT_FEN, 0, AMOUNT_FEN, 0));
    }

    @Test
    void recordRefund_unknownRefund_isNotFound() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new RecordRefundCommand(SETTLEMENT_ID, "nope", "pr-1"))
                .expectException(domainException(CommonErrorCode.NOT_FOUND));
    }

    // --- split ---------------------------------------------------------------------------------------------------

    @Test
    void splitEscrow_partialRefund_refundsThatAndReleasesTheRestLessCommission() {
        // 4 000.00 back to the buyer; 6 000.00 released: commission 180.00, factory 5 820.00.
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new SplitEscrowCommand(SETTLEMENT_ID, "o-1:split", Money.cny(400_000)))
                .expectEvents(
                        new EscrowSplitEvent(SETTLEMENT_ID, ORDER_ID, "o-1:split", Money.cny(400_000),
                                Money.cny(600_000), NOW),
                        refundRequested("o-1:split:refund", 400_000, Settlement.DISPUTE_SPLIT),
                        released("o-1:split", 582_000, 18_000),
                        payoutRequested("o-1:split:payout", 582_000));
    }

    @Test
    void splitEscrow_everythingToTheBuyer_releasesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new SplitEscrowCommand(SETTLEMENT_ID, "o-1:split", AMOUNT))
                .expectEvents(
                        new EscrowSplitEvent(SETTLEMENT_ID, ORDER_ID, "o-1:split", AMOUNT, Money.cny(0), NOW),
                        refundRequested("o-1:split:refund", AMOUNT_FEN, Settlement.DISPUTE_SPLIT));
    }

    @Test
    void splitEscrow_refundAboveEscrow_isAmountNotInEscrow() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured())
                .when(new SplitEscrowCommand(SETTLEMENT_ID, "o-1:split", Money.cny(AMOUNT_FEN + 1)))
                .expectException(domainException(SettlementErrorCode.AMOUNT_NOT_IN_ESCROW));
    }

    @Test
    void splitEscrow_retriedWithOtherAmount_isOperationIdConflict() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), new EscrowSplitEvent(SETTLEMENT_ID, ORDER_ID, "o-1:split", AMOUNT,
                        Money.cny(0), NOW), refundRequested("o-1:split:refund", AMOUNT_FEN, Settlement.DISPUTE_SPLIT))
                .when(new SplitEscrowCommand(SETTLEMENT_ID, "o-1:split", Money.cny(1)))
                .expectException(domainException(SettlementErrorCode.OPERATION_ID_CONFLICT));
    }

    @Test
    void splitEscrow_retried_changesNothing() {
        fixture.givenCurrentTime(NOW)
                .andGiven(opened(), captured(), new EscrowSplitEvent(SETTLEMENT_ID, ORDER_ID, "o-1:split", AMOUNT,
                        Money.cny(0), NOW), refundRequested("o-1:split:refund", AMOUNT_FEN, Settlement.DISPUTE_SPLIT))
                .when(new SplitEscrowCommand(SETTLEMENT_ID, "o-1:split", AMOUNT))
                .expectNoEvents();
    }

    // --- the commission rule -------------------------------------------------------------------------------------

    @Test
    void commission_ofEveryAmount_isHalfUpAndExact() {
        assertThat(Commissions.of(150, 300)).isEqualTo(5);
        assertThat(Commissions.of(149, 300)).isEqualTo(4);
        assertThat(Commissions.of(16, 300)).isZero();
        assertThat(Commissions.of(17, 300)).isEqualTo(1);
        assertThat(Commissions.of(Long.MAX_VALUE, 10_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(Commissions.of(Long.MAX_VALUE, 300)).isEqualTo(276_701_161_105_643_274L);
    }
}
