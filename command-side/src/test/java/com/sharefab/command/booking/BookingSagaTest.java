package com.sharefab.command.booking;

import static com.sharefab.command.order.OrderTestData.*;

import com.sharefab.command.listing.ConsumeCapacityCommand;
import com.sharefab.command.listing.ReleaseCapacityCommand;
import com.sharefab.command.listing.ReservationOutcome;
import com.sharefab.command.listing.ReserveCapacityCommand;
import com.sharefab.command.order.AutoConfirmReceiptCommand;
import com.sharefab.command.order.ExpireOrderAcceptanceCommand;
import com.sharefab.command.order.ExpireOrderPaymentCommand;
import com.sharefab.command.order.RecordCapacityReservedCommand;
import com.sharefab.command.order.RecordEscrowReleaseCommand;
import com.sharefab.command.order.RecordPaymentCommand;
import com.sharefab.command.order.RecordRefundCommand;
import com.sharefab.command.order.RecordSettlementClosedCommand;
import com.sharefab.command.order.RejectOrderReservationCommand;
import com.sharefab.command.settlement.CancelSettlementCommand;
import com.sharefab.command.settlement.OpenSettlementCommand;
import com.sharefab.command.settlement.RefundPaymentCommand;
import com.sharefab.command.settlement.ReleaseEscrowCommand;
import com.sharefab.command.settlement.SplitEscrowCommand;
import com.sharefab.events.Money;
import com.sharefab.events.order.DisputeDecidedEvent;
import com.sharefab.events.order.DisputeOpenedEvent;
import com.sharefab.events.order.OrderCancelledEvent;
import com.sharefab.events.order.OrderDeclinedEvent;
import com.sharefab.events.order.OrderRejectedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The booking process: what it sends at each step of an order's life, which deadlines it keeps, and when it ends. */
class BookingSagaTest {

    private static final String SETTLEMENT_ID = "stl." + ORDER_ID;

    private SagaTestFixture<BookingSaga> fixture;
    /** What the listing answers to a reservation in the current test. */
    private ReservationOutcome reservation;
    /** Whether opening a settlement fails in the current test. */
    private boolean settlementOpeningFails;
    /** Whether opening a settlement succeeds but its answer is lost (the saga sees a failure). */
    private boolean settlementOpeningAnswerLost;
    /** Whether the settlement exists: a CancelSettlementCommand to a missing one fails, as in the application. */
    private boolean settlementExists;
    /** Commands that fail for a passing reason in the current test (the store unreachable, a timeout). */
    private final java.util.Set<Class<?>> failing = new java.util.HashSet<>();
    /** Commands the aggregate refuses (a business "no") in the current test. */
    private final java.util.Set<Class<?>> refused = new java.util.HashSet<>();
    /** The metadata of each command sent, in order. */
    private final List<MetaData> sent = new ArrayList<>();
    /** Each command sent, in order. */
    private final List<Object> sentPayloads = new ArrayList<>();

    @BeforeEach
    void setUp() {
        settlementOpeningFails = false;
        settlementOpeningAnswerLost = false;
        settlementExists = false;
        failing.clear();
        refused.clear();
        reservation = new ReservationOutcome(LISTING_ID, ORDER_ID, QUANTITY, UNIT_PRICE, ALLOCATIONS, null, null);
        fixture = new SagaTestFixture<>(BookingSaga.class);
        fixture.setCallbackBehavior((payload, metaData) -> {
            sent.add(metaData);
            sentPayloads.add(payload);
            if (failing.contains(payload.getClass())) {
                throw new IllegalStateException("timed out: " + payload.getClass().getSimpleName());
            }
            if (refused.contains(payload.getClass())) {
                throw new com.sharefab.command.axon.DomainException(
                        com.sharefab.command.settlement.SettlementErrorCode.ESCROW_EMPTY, "nothing to refund");
            }
            if (payload instanceof ReserveCapacityCommand) {
                return reservation;
            }
            if (payload instanceof OpenSettlementCommand) {
                if (settlementOpeningFails) {
                    throw new IllegalStateException("the event store is unreachable");
                }
                settlementExists = true;
                if (settlementOpeningAnswerLost) {
                    throw new IllegalStateException("the node died before it answered");
                }
            }
            if (payload instanceof CancelSettlementCommand && !settlementExists) {
                throw new AggregateNotFoundException(SETTLEMENT_ID, "no settlement " + SETTLEMENT_ID);
            }
            return null;
        });
    }

    private ContinuedGivenState givenAnOrderThrough(Object... events) {
        var all = new ArrayList<Object>();
        all.add(anOrderPlacedEvent());
        all.addAll(Arrays.asList(events));
        return fixture.givenCurrentTime(NOW).andThenAggregate(ORDER_ID).published(all.toArray());
    }

    private static PaymentCapturedEvent aPaymentCapturedEvent() {
        return new PaymentCapturedEvent(SETTLEMENT_ID, ORDER_ID, "pay-1", AMOUNT, NOW);
    }

    // --- placement and capacity ---------------------------------------------------------------------------------------

    @Test
    void orderPlaced_capacityFree_reservesAsTheBuyer_opensTheSettlement_thenRecordsThePrice() {
        // The settlement is opened before the order records its reservation: an order that shows PAYMENT_DUE can be
        // paid at once (payOrder never meets a missing settlement).
        fixture.givenCurrentTime(NOW).whenAggregate(ORDER_ID).publishes(by(BUYER, anOrderPlacedEvent()))
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new ReserveCapacityCommand(LISTING_ID, ORDER_ID, QUANTITY, FROM, TO),
                        new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, AMOUNT),
                        new RecordCapacityReservedCommand(ORDER_ID, UNIT_PRICE, ALLOCATIONS));
        var reserve = sent.get(0);
        org.assertj.core.api.Assertions.assertThat(reserve)
                .containsEntry("actorFirmId", BUYER_FIRM_ID)
                .containsEntry("actorRole", "BUYER")
                .containsEntry("actorId", BUYER.userId());
        for (var system : sent.subList(1, 3)) {
            org.assertj.core.api.Assertions.assertThat(system)
                    .containsEntry("actorRole", "SYSTEM")
                    .containsEntry("actorId", "system");
            org.assertj.core.api.Assertions.assertThat(system.get("actorFirmId")).isNull();
        }
    }

    @Test
    void settlementOpeningFails_theReservationIsStillRecorded_andTheSettlementOpenedWhenTheSagaSeesIt() {
        settlementOpeningFails = true;
        var placed = givenAnOrderThrough();
        org.assertj.core.api.Assertions.assertThat(sentPayloads).containsExactly(
                new ReserveCapacityCommand(LISTING_ID, ORDER_ID, QUANTITY, FROM, TO),
                new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, AMOUNT),
                new RecordCapacityReservedCommand(ORDER_ID, UNIT_PRICE, ALLOCATIONS));

        settlementOpeningFails = false;
        placed.whenAggregate(ORDER_ID).publishes(anOrderCapacityReservedEvent())
                .expectDispatchedCommands(
                        new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, AMOUNT))
                .expectScheduledDeadlineWithName(PAY.minusSeconds(50), BookingSaga.PAYMENT_DEADLINE);
    }

    @Test
    void orderPlaced_noCapacity_rejectsTheOrder() {
        reservation = new ReservationOutcome(LISTING_ID, ORDER_ID, QUANTITY, null, List.of(), "NO_CAPACITY",
                "only 3 free");
        fixture.givenCurrentTime(NOW).whenAggregate(ORDER_ID).publishes(by(BUYER, anOrderPlacedEvent()))
                .expectDispatchedCommands(
                        new ReserveCapacityCommand(LISTING_ID, ORDER_ID, QUANTITY, FROM, TO),
                        new RejectOrderReservationCommand(ORDER_ID, "NO_CAPACITY", "only 3 free"));
    }

    @Test
    void orderRejected_endsTheSaga() {
        givenAnOrderThrough().whenAggregate(ORDER_ID)
                .publishes(new OrderRejectedEvent(ORDER_ID, "NO_CAPACITY", "only 3 free", NOW))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void capacityReserved_schedulesPaymentDeadline_theSettlementIsOpenAlready() {
        givenAnOrderThrough().whenAggregate(ORDER_ID).publishes(anOrderCapacityReservedEvent())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(PAY.minusSeconds(50), BookingSaga.PAYMENT_DEADLINE);
    }

    @Test
    void paymentDeadline_passesUnpaid_expiresTheOrder() {
        givenAnOrderThrough(anOrderCapacityReservedEvent())
                .whenTimeElapses(PAY)
                .expectTriggeredDeadlinesWithName(BookingSaga.PAYMENT_DEADLINE)
                .expectDispatchedCommands(new ExpireOrderPaymentCommand(ORDER_ID));
    }

    @Test
    void cancelledUnpaid_releasesCapacityAndCancelsSettlement() {
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "PAYMENT_TIMEOUT", false, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new CancelSettlementCommand(SETTLEMENT_ID, "PAYMENT_TIMEOUT"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void cancelledWhileTheReservationWasBeingRecorded_releasesAndCancelsTheOpenedSettlement() {
        // The buyer cancelled between the settlement's opening and the order's reservation (which the order then
        // ignored): the settlement is cancelled, its close settles the order and ends the saga.
        givenAnOrderThrough().whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new CancelSettlementCommand(SETTLEMENT_ID, "BUYER_CANCELLED"))
                .expectActiveSagas(1);
    }

    @Test
    void cancelledBeforeCapacityWasHeld_releasesAndEnds() {
        reservation = new ReservationOutcome(LISTING_ID, ORDER_ID, QUANTITY, null, List.of(), "NO_CAPACITY",
                "only 3 free");
        givenAnOrderThrough().whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .expectDispatchedCommands(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID))
                .expectActiveSagas(0);
    }

    // --- retrying a failed settlement opening ------------------------------------------------------------------------

    private static final String RETRY = BookingSaga.OWED_RETRY_DEADLINE;
    /** Long after any retry this test could schedule. */
    private static final java.time.Instant LATER = NOW.plus(Duration.ofDays(1));

    private static OpenSettlementCommand anOpenSettlementCommand() {
        return new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, AMOUNT);
    }

    @Test
    void settlementOpens_atOnce_isOpenedOnce_andNoRetryIsScheduled() {
        givenAnOrderThrough().whenAggregate(ORDER_ID).publishes(anOrderCapacityReservedEvent())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(PAY.minusSeconds(50), BookingSaga.PAYMENT_DEADLINE)
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
        org.assertj.core.api.Assertions.assertThat(sentPayloads)
                .filteredOn(OpenSettlementCommand.class::isInstance)
                .containsExactly(anOpenSettlementCommand());
    }

    @Test
    void settlementOpeningFailsTwice_schedulesARetry() {
        settlementOpeningFails = true;
        givenAnOrderThrough().whenAggregate(ORDER_ID).publishes(anOrderCapacityReservedEvent())
                .expectDispatchedCommands(anOpenSettlementCommand())
                .expectScheduledDeadlineWithName(Duration.ofSeconds(5), RETRY)
                .expectScheduledDeadlineWithName(PAY.minusSeconds(50), BookingSaga.PAYMENT_DEADLINE);
    }

    @Test
    void settlementRetry_opensTheSettlement_asThePlatform_andSchedulesNoFurtherRetry() {
        settlementOpeningFails = true;
        var reserved = givenAnOrderThrough(anOrderCapacityReservedEvent());
        settlementOpeningFails = false;
        reserved.whenTimeElapses(Duration.ofSeconds(5))
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(anOpenSettlementCommand())
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY)
                .expectScheduledDeadlineWithName(NOW.minusSeconds(50).plus(PAY), BookingSaga.PAYMENT_DEADLINE);
        var retry = sent.get(sent.size() - 1);
        org.assertj.core.api.Assertions.assertThat(retry)
                .containsEntry("actorRole", "SYSTEM")
                .containsEntry("actorId", "system");
        org.assertj.core.api.Assertions.assertThat(retry.get("actorFirmId")).isNull();
    }

    @Test
    void settlementRetryFails_schedulesTheNextRetry_withALongerDelay() {
        settlementOpeningFails = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent())
                .whenTimeElapses(Duration.ofSeconds(5))
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(anOpenSettlementCommand())
                .expectScheduledDeadlineWithName(NOW.plusSeconds(5 + 10), RETRY)
                .expectNoScheduledDeadlineWithName(NOW, NOW.plusSeconds(14), RETRY);
    }

    @Test
    void settlementRetriesKeepFailing_theDelayGrows_upToAMinute() throws Exception {
        settlementOpeningFails = true;
        // retries at +5 s, +15 s, +35 s, +75 s (delays 5, 10, 20, 40 s); the one at +75 s fails too
        givenAnOrderThrough(anOrderCapacityReservedEvent())
                .andThenTimeElapses(Duration.ofSeconds(35))
                .whenTimeElapses(Duration.ofSeconds(40))
                .expectTriggeredDeadlinesWithName(RETRY, RETRY, RETRY, RETRY) // the fixture counts the given's too
                .expectScheduledDeadlineWithName(NOW.plusSeconds(75 + 60), RETRY)
                .expectNoScheduledDeadlineWithName(NOW, NOW.plusSeconds(75 + 59), RETRY);
        org.assertj.core.api.Assertions.assertThat(
                        java.util.stream.IntStream.range(0, 7).mapToObj(BookingSaga::retryDelay))
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                        Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(BookingSaga.retryDelay(Integer.MAX_VALUE))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void paymentExpired_settlementNeverOpened_cancelsAndReleases_stopsRetrying_andEnds() throws Exception {
        settlementOpeningFails = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent())
                .andThenTimeElapses(PAY) // the retries fail all along; the payment deadline expires the order
                .whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "PAYMENT_TIMEOUT", false, NOW.plus(PAY)))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new CancelSettlementCommand(SETTLEMENT_ID, "PAYMENT_TIMEOUT"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void cancelledUnpaid_anOpeningSucceededButItsAnswerWasLost_cancelsTheSettlement_andWaitsForItsClose() {
        settlementOpeningAnswerLost = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new CancelSettlementCommand(SETTLEMENT_ID, "BUYER_CANCELLED"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void paymentCaptured_whileTheOpeningIsRetried_stopsTheRetries() {
        // An opening succeeded with its answer lost: the buyer could pay, and the capture proves the settlement exists.
        settlementOpeningAnswerLost = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenPublishingA(aPaymentCapturedEvent())
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER_ID, AMOUNT, "pay-1"))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    @Test
    void orderPaid_whileTheOpeningIsRetried_noRetryFiresAfterwards() {
        settlementOpeningAnswerLost = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent())
                .whenTimeElapses(Duration.ofMinutes(5))
                .expectNoDispatchedCommands();
    }

    @Test
    void cancelledAfterPayment_openingAnswersWereLost_refundsAndWaitsForTheClose() {
        settlementOpeningAnswerLost = true;
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", true, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new RefundPaymentCommand(SETTLEMENT_ID, ORDER_ID + ":refund", "BUYER_CANCELLED"))
                .expectActiveSagas(1);
    }

    // --- payment and the factory's answer -----------------------------------------------------------------------------

    @Test
    void paymentCaptured_recordsPaymentOnTheOrder() {
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenPublishingA(aPaymentCapturedEvent())
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER_ID, AMOUNT, "pay-1"));
    }

    @Test
    void orderPaid_replacesPaymentDeadlineWithAcceptanceDeadline() {
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenAggregate(ORDER_ID).publishes(anOrderPaidEvent())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(ACCEPT.minusSeconds(40), BookingSaga.ACCEPTANCE_DEADLINE)
                .expectNoScheduledDeadlineWithName(PAY.minusSeconds(50), BookingSaga.PAYMENT_DEADLINE);
    }

    @Test
    void acceptanceDeadline_passes_expiresAcceptance() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent())
                .whenTimeElapses(ACCEPT)
                .expectTriggeredDeadlinesWithName(BookingSaga.ACCEPTANCE_DEADLINE)
                .expectDispatchedCommands(new ExpireOrderAcceptanceCommand(ORDER_ID));
    }

    @Test
    void orderAccepted_cancelsAcceptanceDeadline() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent()).whenAggregate(ORDER_ID)
                .publishes(anOrderAcceptedEvent())
                .expectNoScheduledDeadlines();
    }

    @Test
    void declined_releasesCapacityAndRefunds() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderDeclinedEvent(ORDER_ID, "ACCEPT_TIMEOUT", null, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new RefundPaymentCommand(SETTLEMENT_ID, ORDER_ID + ":refund", "ACCEPT_TIMEOUT"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelledAfterPayment_releasesCapacityAndRefunds() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", true, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new RefundPaymentCommand(SETTLEMENT_ID, ORDER_ID + ":refund", "BUYER_CANCELLED"))
                .expectNoScheduledDeadlines();
    }

    // --- compensations that fail for a passing reason are retried ----------------------------------------------------

    @Test
    void cancelledUnpaid_releaseFails_isRetriedUntilItSucceeds_whileTheSettlementIsCancelled() {
        failing.add(ReleaseCapacityCommand.class);
        givenAnOrderThrough(anOrderCapacityReservedEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new CancelSettlementCommand(SETTLEMENT_ID, "BUYER_CANCELLED"))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(5), RETRY);

        setUp();
        failing.add(ReleaseCapacityCommand.class);
        var cancelled = givenAnOrderThrough(anOrderCapacityReservedEvent(),
                new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW));
        failing.clear();
        cancelled.whenTimeElapses(Duration.ofSeconds(5))
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID)) // the cancel is not resent
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY)
                .expectActiveSagas(1); // the settlement's close still ends it
    }

    @Test
    void owedCommands_failuresAndRecoveries_areCounted() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        try {
            failing.add(ReleaseCapacityCommand.class);
            var cancelled = givenAnOrderThrough(anOrderCapacityReservedEvent(),
                    new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW));
            cancelled.andThenTimeElapses(Duration.ofSeconds(5)); // fails again
            failing.clear();
            cancelled.whenTimeElapses(Duration.ofSeconds(10))
                    .expectDispatchedCommands(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID));

            org.assertj.core.api.Assertions.assertThat(registry.get(BookingSaga.OWED_FAILURES)
                    .tag("command", "RELEASE_CAPACITY").counter().count()).isEqualTo(2);
            org.assertj.core.api.Assertions.assertThat(registry.get(BookingSaga.OWED_RECOVERED)
                    .tag("command", "RELEASE_CAPACITY").counter().count()).isEqualTo(1);
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }

    @Test
    void releaseKeepsFailing_theRetriesBackOff() {
        failing.add(ReleaseCapacityCommand.class);
        givenAnOrderThrough(anOrderCapacityReservedEvent(),
                        new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(10), RETRY);
    }

    @Test
    void cancelledAfterPayment_refundFails_isRetried_theBuyersMoneyIsNotLeftInEscrow() {
        failing.add(RefundPaymentCommand.class);
        var cancelled = givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent(),
                new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", true, NOW));
        failing.clear();
        cancelled.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(
                        new RefundPaymentCommand(SETTLEMENT_ID, ORDER_ID + ":refund", "BUYER_CANCELLED"))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    @Test
    void declined_releaseAndRefundFail_bothAreRetried() {
        failing.add(ReleaseCapacityCommand.class);
        failing.add(RefundPaymentCommand.class);
        var declined = givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent(),
                new OrderDeclinedEvent(ORDER_ID, "ACCEPT_TIMEOUT", null, NOW));
        failing.clear();
        declined.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(
                        new ReleaseCapacityCommand(LISTING_ID, ORDER_ID),
                        new RefundPaymentCommand(SETTLEMENT_ID, ORDER_ID + ":refund", "ACCEPT_TIMEOUT"));
    }

    @Test
    void settledWhileAReleaseIsDue_theSagaEndsOnlyOnceReleased() {
        failing.add(ReleaseCapacityCommand.class);
        var settled = givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent(),
                new OrderDeclinedEvent(ORDER_ID, "ACCEPT_TIMEOUT", null, NOW),
                new OrderSettledEvent(ORDER_ID, AMOUNT, Money.cny(0), AMOUNT, Money.cny(0), NOW));
        failing.clear();
        settled.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new ReleaseCapacityCommand(LISTING_ID, ORDER_ID))
                .expectActiveSagas(0);
    }

    @Test
    void cancelledBeforeCapacityWasHeld_releaseFails_theSagaWaitsForTheRetry() {
        reservation = new ReservationOutcome(LISTING_ID, ORDER_ID, QUANTITY, null, List.of(), "NO_CAPACITY",
                "only 3 free");
        failing.add(ReleaseCapacityCommand.class);
        givenAnOrderThrough().whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(5), RETRY);
    }

    @Test
    void settlementNeverOpened_cancelFailsForAPassingReason_isRetried_andTheSagaEndsWhenItFindsNone() {
        settlementOpeningFails = true;
        failing.add(CancelSettlementCommand.class);
        var cancelled = givenAnOrderThrough(anOrderCapacityReservedEvent(),
                new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", false, NOW));
        failing.clear();
        cancelled.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new CancelSettlementCommand(SETTLEMENT_ID, "BUYER_CANCELLED"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void refundRefusedByTheSettlement_isNotRetried() {
        refused.add(RefundPaymentCommand.class);
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent()).whenAggregate(ORDER_ID)
                .publishes(new OrderCancelledEvent(ORDER_ID, "BUYER_CANCELLED", true, NOW))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    @Test
    void shipped_consumeFails_isRetried() {
        failing.add(ConsumeCapacityCommand.class);
        var shipped = givenShipped();
        failing.clear();
        shipped.whenTimeElapses(Duration.ofSeconds(5))
                .expectTriggeredDeadlinesWithName(RETRY)
                .expectDispatchedCommands(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID));
    }

    @Test
    void receiptConfirmed_escrowReleaseFails_isRetried_theFactoryIsPaid() {
        failing.add(ReleaseEscrowCommand.class);
        var confirmed = givenShipped(new ReceiptConfirmedEvent(ORDER_ID, false, NOW));
        failing.clear();
        confirmed.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new ReleaseEscrowCommand(SETTLEMENT_ID, ORDER_ID + ":release"))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    @Test
    void disputeDecided_splitFails_isRetried_withTheDecidedAmount() {
        failing.add(SplitEscrowCommand.class);
        var decided = givenShipped(new DisputeOpenedEvent(ORDER_ID, "loose", 40, NOW),
                new DisputeDecidedEvent(ORDER_ID, Money.cny(6_000), Money.cny(84_000), "redo", NOW));
        failing.clear();
        decided.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new SplitEscrowCommand(SETTLEMENT_ID, ORDER_ID + ":split", Money.cny(6_000)));
    }

    @Test
    void paymentCaptured_recordingItFails_isRetried_theOrderDoesNotStayPaymentDue() {
        failing.add(RecordPaymentCommand.class);
        var captured = givenAnOrderThrough(anOrderCapacityReservedEvent()).andThenAPublished(aPaymentCapturedEvent());
        failing.clear();
        captured.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER_ID, AMOUNT, "pay-1"))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    @Test
    void settlementClosed_recordingItFails_isRetried() {
        failing.add(RecordSettlementClosedCommand.class);
        var closed = givenShipped().andThenAPublished(new SettlementClosedEvent(SETTLEMENT_ID, ORDER_ID, AMOUNT,
                Money.cny(81_480), Money.cny(6_000), Money.cny(2_520), NOW));
        failing.clear();
        closed.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(new RecordSettlementClosedCommand(ORDER_ID, AMOUNT, Money.cny(81_480),
                        Money.cny(6_000), Money.cny(2_520)));
    }

    /** A decided dispute: part of escrow refunded to the buyer, the rest released to the factory, then the close. */
    private static Object[] aSplitSettled() {
        return new Object[] {
            new PaymentRefundedEvent(SETTLEMENT_ID, ORDER_ID, "r1", Money.cny(6_000), "DISPUTE_SPLIT", NOW),
            new EscrowReleasedEvent(SETTLEMENT_ID, ORDER_ID, "x:split", Money.cny(81_480), Money.cny(2_520), NOW),
            new SettlementClosedEvent(SETTLEMENT_ID, ORDER_ID, AMOUNT, Money.cny(81_480), Money.cny(6_000),
                    Money.cny(2_520), NOW),
        };
    }

    @Test
    void refundAndReleaseRecordsFail_theSettledOrderKeepsItsSaga_untilBothAreOnTheTimeline() {
        failing.add(RecordRefundCommand.class);
        failing.add(RecordEscrowReleaseCommand.class);
        givenShipped(aSplitSettled()).whenAggregate(ORDER_ID)
                .publishes(new OrderSettledEvent(ORDER_ID, AMOUNT, Money.cny(81_480), Money.cny(6_000),
                        Money.cny(2_520), NOW))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(5), RETRY);
    }

    @Test
    void refundAndReleaseRecordsFail_areRecordedByTheRetry_thenTheSagaEnds() {
        failing.add(RecordRefundCommand.class);
        failing.add(RecordEscrowReleaseCommand.class);
        var settled = givenShipped(aSplitSettled()).andThenAggregate(ORDER_ID).published(new OrderSettledEvent(
                ORDER_ID, AMOUNT, Money.cny(81_480), Money.cny(6_000), Money.cny(2_520), NOW));
        failing.clear();
        settled.whenTimeElapses(Duration.ofSeconds(5))
                .expectDispatchedCommands(
                        new RecordRefundCommand(ORDER_ID, "r1", Money.cny(6_000), "DISPUTE_SPLIT", NOW),
                        new RecordEscrowReleaseCommand(ORDER_ID, "x:split", Money.cny(81_480), Money.cny(2_520), NOW))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY)
                .expectActiveSagas(0);
    }

    @Test
    void aSecondRefundWhileTheFirstIsOwed_bothAreRecorded_eachOnce() {
        failing.add(RecordRefundCommand.class);
        var owing = givenShipped(new PaymentRefundedEvent(SETTLEMENT_ID, ORDER_ID, "r1", Money.cny(6_000),
                "DISPUTE_SPLIT", NOW));
        failing.clear();
        owing.whenPublishingA(new PaymentRefundedEvent(SETTLEMENT_ID, ORDER_ID, "r2", Money.cny(1_000), "GOODWILL",
                        NOW))
                .expectDispatchedCommands(
                        new RecordRefundCommand(ORDER_ID, "r1", Money.cny(6_000), "DISPUTE_SPLIT", NOW),
                        new RecordRefundCommand(ORDER_ID, "r2", Money.cny(1_000), "GOODWILL", NOW))
                .expectNoScheduledDeadlineWithName(NOW, LATER, RETRY);
    }

    // --- delivery, receipt, disputes, settlement -------------------------------------------------------------------------

    private ContinuedGivenState givenShipped(Object... more) {
        var events = new ArrayList<Object>(List.of(anOrderCapacityReservedEvent(), anOrderPaidEvent(),
                anOrderAcceptedEvent(), aMaterialsShippedEvent(), aMaterialsReceivedEvent(), aProductionStartedEvent(),
                anOrderShippedEvent()));
        events.addAll(Arrays.asList(more));
        return givenAnOrderThrough(events.toArray());
    }

    @Test
    void shipped_consumesCapacityAndSchedulesConfirmation() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent(), anOrderAcceptedEvent(),
                        aMaterialsShippedEvent(), aMaterialsReceivedEvent(), aProductionStartedEvent())
                .whenAggregate(ORDER_ID).publishes(anOrderShippedEvent())
                .expectDispatchedCommands(new ConsumeCapacityCommand(LISTING_ID, ORDER_ID))
                .expectScheduledDeadlineWithName(CONFIRM.minusSeconds(10), BookingSaga.CONFIRMATION_DEADLINE);
    }

    @Test
    void confirmationDeadline_passes_confirmsAutomatically() {
        givenShipped().whenTimeElapses(CONFIRM)
                .expectTriggeredDeadlinesWithName(BookingSaga.CONFIRMATION_DEADLINE)
                .expectDispatchedCommands(new AutoConfirmReceiptCommand(ORDER_ID));
    }

    @Test
    void receiptConfirmed_releasesEscrowAndCancelsConfirmationDeadline() {
        givenShipped().whenAggregate(ORDER_ID).publishes(new ReceiptConfirmedEvent(ORDER_ID, false, NOW))
                .expectDispatchedCommands(new ReleaseEscrowCommand(SETTLEMENT_ID, ORDER_ID + ":release"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void disputeOpened_stopsAutomaticConfirmation_andDecisionSplitsEscrow() {
        givenShipped().whenAggregate(ORDER_ID).publishes(new DisputeOpenedEvent(ORDER_ID, "loose", 40, NOW))
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        setUp();
        givenShipped(new DisputeOpenedEvent(ORDER_ID, "loose", 40, NOW)).whenAggregate(ORDER_ID)
                .publishes(new DisputeDecidedEvent(ORDER_ID, Money.cny(6_000), Money.cny(84_000), "redo", NOW))
                .expectDispatchedCommands(new SplitEscrowCommand(SETTLEMENT_ID, ORDER_ID + ":split", Money.cny(6_000)));
    }

    @Test
    void settlementFacts_recordedOnTheOrder_andSettledEndsTheSaga() {
        var refunded = new PaymentRefundedEvent(SETTLEMENT_ID, ORDER_ID, "r1", Money.cny(6_000), "DISPUTE_SPLIT", NOW);
        givenShipped().whenPublishingA(refunded)
                .expectDispatchedCommands(
                        new RecordRefundCommand(ORDER_ID, "r1", Money.cny(6_000), "DISPUTE_SPLIT", NOW));
        var released = new EscrowReleasedEvent(SETTLEMENT_ID, ORDER_ID, "x:release", Money.cny(81_480),
                Money.cny(2_520), NOW);
        setUp();
        givenShipped().whenPublishingA(released)
                .expectDispatchedCommands(new RecordEscrowReleaseCommand(ORDER_ID, "x:release", Money.cny(81_480),
                        Money.cny(2_520), NOW));
        var closed = new SettlementClosedEvent(SETTLEMENT_ID, ORDER_ID, AMOUNT, Money.cny(81_480), Money.cny(6_000),
                Money.cny(2_520), NOW);
        setUp();
        givenShipped().whenPublishingA(closed)
                .expectDispatchedCommands(new RecordSettlementClosedCommand(ORDER_ID, AMOUNT, Money.cny(81_480),
                        Money.cny(6_000), Money.cny(2_520)));
        setUp();
        givenShipped().whenAggregate(ORDER_ID)
                .publishes(new OrderSettledEvent(ORDER_ID, AMOUNT, Money.cny(81_480), Money.cny(6_000),
                        Money.cny(2_520), NOW))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void paymentDeadline_afterPayment_neverFires() {
        givenAnOrderThrough(anOrderCapacityReservedEvent(), anOrderPaidEvent())
                .whenTimeElapses(PAY.plus(Duration.ofMinutes(1)))
                .expectNoDispatchedCommands();
    }
}
