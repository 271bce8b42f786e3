package com.sharefab.command.booking;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.sharefab.command.axon.DomainException;
import com.sharefab.command.listing.ConsumeCapacityCommand;
import com.sharefab.command.listing.ReleaseCapacityCommand;
import com.sharefab.command.listing.ReservationOutcome;
import com.sharefab.command.listing.ReserveCapacityCommand;
import com.sharefab.command.order.AutoConfirmReceiptCommand;
import com.sharefab.command.order.ExpireOrderAcceptanceCommand;
import com.sharefab.command.order.ExpireOrderPaymentCommand;
import com.sharefab.command.order.OrderAmounts;
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
import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.Money;
import com.sharefab.events.order.DisputeDecidedEvent;
import com.sharefab.events.order.DisputeOpenedEvent;
import com.sharefab.events.order.OrderAcceptedEvent;
import com.sharefab.events.order.OrderCancelledEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderDeclinedEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderRejectedEvent;
import com.sharefab.events.order.OrderSettledEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ReceiptConfirmedEvent;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import com.sharefab.events.settlement.SettlementIds;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one order between the aggregates that take part in it: the order, its listing and its settlement.
 *
 * <p>Started by a placement, it reserves the units on the listing (as the buyer) and tells the order the outcome. Once
 * capacity is held it opens the settlement <em>before</em> it records the reservation on the order (so an order that
 * shows {@code PAYMENT_DUE} can normally be paid at once) and then schedules the payment deadline; the settlement's
 * capture makes the order paid, which starts the acceptance deadline. Should the opening fail, it is tried again when
 * the saga sees the reservation and then, as an owed command (below), until it succeeds or the order is paid,
 * cancelled or rejected; meanwhile {@code payOrder} answers a retriable {@code PAYMENT_NOT_READY}.
 * Every way the order ends early has its compensation: a cancellation before payment releases the units and cancels the
 * settlement, one after payment (the buyer's, the factory's rejection, the acceptance deadline) releases them and
 * refunds escrow. Shipment consumes the units and schedules the automatic confirmation; a confirmation releases escrow,
 * a decided dispute splits it. The settlement's refunds, release and close are recorded on the order, and the saga ends
 * once the order's money is closed, or at once when the order ends without a settlement (no capacity held, or cancelled
 * while no opening had succeeded).
 *
 * <p>A command that moves units or money and fails for a passing reason (the store unreachable, a command timing out
 * under load) is not forgotten ({@link Owed}): opening the settlement, releasing or consuming the units, cancelling the
 * settlement, refunding, releasing and splitting escrow, recording the payment, each refund, each escrow release and the
 * close on the order are tried again by one retry deadline ({@value #OWED_RETRY_DEADLINE}: after 5 s, doubling, at most
 * 1 min apart) until they succeed, and the saga does not end while one is still owed. Before, a failed release kept
 * the factory's days held for good, a failed refund left the buyer's money in escrow, a failed escrow release left
 * the factory unpaid and a failed record left a refund missing from the order's timeline, with nobody to ask again.
 *
 * <p>It only dispatches commands (as the platform, {@link Actor#system()}) and schedules deadlines, by instants the
 * order's events carry (the opening's retries: by their delay). Every command it sends is idempotent, the order ignores
 * a deadline it has moved past and the saga a retry it has stopped, so a redelivered event or a deadline job JobRunr
 * runs twice changes nothing. One association only: the order id.
 */
@Saga
@ProcessingGroup(BookingSaga.PROCESSING_GROUP)
@JsonIgnoreProperties(ignoreUnknown = true) // a field a later version dropped must not make a stored saga unreadable
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class BookingSaga {

    /** Its tracking processor (configured in the app: several segments). */
    public static final String PROCESSING_GROUP = "booking-saga";
    static final String ORDER_ID = "orderId";
    static final String PAYMENT_DEADLINE = "order-payment-deadline";
    static final String ACCEPTANCE_DEADLINE = "order-acceptance-deadline";
    static final String CONFIRMATION_DEADLINE = "order-confirmation-deadline";
    static final String OWED_RETRY_DEADLINE = "order-owed-retry";
    /**
     * Counters, tagged {@code command} (an {@link Owed} name): attempts that failed for a passing reason, and owed
     * commands that later succeeded. Failures that keep growing without recoveries are what an operator looks into.
     */
    static final String OWED_FAILURES = "sharefab.booking.owed.failures";
    static final String OWED_RECOVERED = "sharefab.booking.owed.recovered";
    /** Delay before the first retry of what is owed; it doubles with each further retry, up to the maximum. */
    static final Duration RETRY_FIRST_DELAY = Duration.ofSeconds(5);
    /** The longest delay between retries: a buyer waiting to pay should not wait much longer than this. */
    static final Duration RETRY_MAX_DELAY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(BookingSaga.class);

    private String orderId;
    private String listingId;
    private String buyerFirmId;
    private String factoryFirmId;
    private String buyerUserId;
    private long quantity;
    private LocalDate windowFrom;
    private LocalDate windowTo;
    /** True once an {@link OpenSettlementCommand} succeeded (or a captured payment proved the settlement exists). */
    private boolean settlementOpened;
    /** The amount the settlement is opened for; set with the first attempt, so null until an opening was tried. */
    private Money settlementAmount;
    /** The commands still owed because their last attempt failed; retried by the deadline below. */
    private Set<Owed> owed = new HashSet<>();
    /** The reason a settlement cancel or refund carries (the cancellation's or the decline's). */
    private String compensationReason;
    /** What a decided dispute gives back to the buyer (the split). */
    private Money splitRefundToBuyer;
    /** The payment and the settlement's close to record on the order, as last sent. */
    private RecordPaymentCommand paymentRecord;
    private RecordSettlementClosedCommand closeRecord;
    /** Refunds and escrow releases still to record on the order's timeline, by their ids (there may be several). */
    private Map<String, RecordRefundCommand> refundRecords = new LinkedHashMap<>();
    private Map<String, RecordEscrowReleaseCommand> releaseRecords = new LinkedHashMap<>();
    /** Retries scheduled since nothing was owed; sets the next delay. */
    private int owedRetries;
    private String owedRetryDeadlineId;
    /** The order's story is over (settled, or cancelled with no settlement to close): the saga ends once nothing is due. */
    private boolean finished;
    private String paymentDeadlineId;
    private String acceptanceDeadlineId;
    private String confirmationDeadlineId;

    public BookingSaga() {
        // for Axon and its serializer
    }

    /** The commands that move units or money, each idempotent, so safe to send until one succeeds; retried in this order. */
    enum Owed {
        /** The settlement, opened for {@code settlementAmount}: without it the buyer cannot pay. */
        OPEN_SETTLEMENT,
        RELEASE_CAPACITY,
        CONSUME_CAPACITY,
        CANCEL_SETTLEMENT,
        REFUND,
        RELEASE_ESCROW,
        SPLIT_ESCROW,
        /** The captured payment, on the order: without it a paid order stays PAYMENT_DUE until its deadline cancels it. */
        RECORD_PAYMENT,
        /** Each refund, on the order's timeline ({@code refundRecords}): what the buyer got back, and when. */
        RECORD_REFUNDS,
        /** Each release of escrow, on the order's timeline ({@code releaseRecords}): what the factory was paid. */
        RECORD_ESCROW_RELEASES,
        /** The settlement's close, on the order: without it the order never shows its money settled. */
        RECORD_SETTLEMENT_CLOSED
    }

    // --- placement and capacity --------------------------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlacedEvent event, @MetaDataValue(EventMetadata.ACTOR_ID) String userId, CommandGateway commands) {
        orderId = event.orderId();
        listingId = event.listingId();
        buyerFirmId = event.buyerFirmId();
        factoryFirmId = event.factoryFirmId();
        buyerUserId = userId == null ? "unknown" : userId;
        quantity = event.quantity();
        windowFrom = event.windowFrom();
        windowTo = event.windowTo();
        reserve(commands);
    }

    /** Reserves as the buyer (the reservation is the buyer firm's) and tells the order the outcome. */
    private void reserve(CommandGateway commands) {
        ReservationOutcome outcome;
        try {
            outcome = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new ReserveCapacityCommand(listingId, orderId, quantity, windowFrom, windowTo))
                    .andMetaData(new Actor(buyerUserId, buyerFirmId, "BUYER").toMetaData()));
        } catch (RuntimeException e) {
            log.warn("Order {}: capacity of listing {} could not be reserved", orderId, listingId, e);
            sendAsSystem(
                    commands,
                    new RejectOrderReservationCommand(orderId, "RESERVATION_FAILED", String.valueOf(e.getMessage())));
            return;
        }
        if (outcome != null && outcome.isReserved()) {
            // The settlement first: once the order shows PAYMENT_DUE, the buyer can pay at once. If this fails, the
            // opening is owed; the saga tries again when it sees the reservation, and schedules the retries then.
            settlementAmount = OrderAmounts.due(outcome.unitPrice(), quantity);
            if (!attempt(commands, Owed.OPEN_SETTLEMENT)) {
                owed.add(Owed.OPEN_SETTLEMENT);
            }
            sendAsSystem(commands, new RecordCapacityReservedCommand(orderId, outcome.unitPrice(), outcome.allocations()));
        } else {
            sendAsSystem(
                    commands,
                    new RejectOrderReservationCommand(
                            orderId,
                            outcome == null ? "RESERVATION_FAILED" : outcome.rejectionReason(),
                            outcome == null ? "the listing gave no answer" : outcome.rejectionMessage()));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejectedEvent event, DeadlineManager deadlines) {
        // nothing is held, nothing was paid
        forget(deadlines, Owed.OPEN_SETTLEMENT);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCapacityReservedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        paymentDeadlineId = deadlines.schedule(event.payBy(), PAYMENT_DEADLINE, orderId);
        if (!settlementOpened) {
            // Opening failed before the reservation was recorded, or this saga reserved before settlements were
            // opened first: open it now (an idempotent command), as the order's own amount says.
            settlementAmount = event.amount();
            send(commands, deadlines, Owed.OPEN_SETTLEMENT);
        }
    }

    /** The delay before retry number {@code retry} (from 0): 5 s, 10 s, 20 s, 40 s, then 1 min each. */
    static Duration retryDelay(int retry) {
        Duration delay = RETRY_FIRST_DELAY;
        for (int i = 0; i < retry && delay.compareTo(RETRY_MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(RETRY_MAX_DELAY) < 0 ? delay : RETRY_MAX_DELAY;
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentDeadlinePassed(String deadlineOrderId, CommandGateway commands) {
        sendAsSystem(commands, new ExpireOrderPaymentCommand(deadlineOrderId));
    }

    // --- payment and the factory's answer ------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentCapturedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        // The settlement exists, whatever answers its opening got (one may have been lost).
        settlementOpened = true;
        forget(deadlines, Owed.OPEN_SETTLEMENT);
        paymentRecord = new RecordPaymentCommand(orderId, event.amount(), event.providerPaymentId());
        send(commands, deadlines, Owed.RECORD_PAYMENT);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPaidEvent event, DeadlineManager deadlines) {
        paymentDeadlineId = cancel(deadlines, PAYMENT_DEADLINE, paymentDeadlineId);
        forget(deadlines, Owed.OPEN_SETTLEMENT); // paid: it exists, whatever answers its opening got
        acceptanceDeadlineId = deadlines.schedule(event.acceptBy(), ACCEPTANCE_DEADLINE, orderId);
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void acceptanceDeadlinePassed(String deadlineOrderId, CommandGateway commands) {
        sendAsSystem(commands, new ExpireOrderAcceptanceCommand(deadlineOrderId));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderAcceptedEvent event, DeadlineManager deadlines) {
        acceptanceDeadlineId = cancel(deadlines, ACCEPTANCE_DEADLINE, acceptanceDeadlineId);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelledEvent event, CommandGateway commands, DeadlineManager deadlines) {
        paymentDeadlineId = cancel(deadlines, PAYMENT_DEADLINE, paymentDeadlineId);
        acceptanceDeadlineId = cancel(deadlines, ACCEPTANCE_DEADLINE, acceptanceDeadlineId);
        forget(deadlines, Owed.OPEN_SETTLEMENT);
        compensationReason = event.reason();
        send(commands, deadlines, Owed.RELEASE_CAPACITY);
        if (event.paid()) {
            send(commands, deadlines, Owed.REFUND);
        } else if (settlementAmount == null) {
            finished = true; // cancelled before capacity was held: no money was ever asked for
        } else {
            // Opened, or an opening was tried: cancel it. If none succeeded there is no settlement (the cancel finds
            // none and the saga ends); had one succeeded with its answer lost, its close ends the saga as usual.
            send(commands, deadlines, Owed.CANCEL_SETTLEMENT);
        }
        endIfFinished();
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderDeclinedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        acceptanceDeadlineId = cancel(deadlines, ACCEPTANCE_DEADLINE, acceptanceDeadlineId);
        compensationReason = event.reason();
        send(commands, deadlines, Owed.RELEASE_CAPACITY);
        send(commands, deadlines, Owed.REFUND);
    }

    /** Sends a command that moves units or money; if it fails for a passing reason it is owed, and retried. */
    private void send(CommandGateway commands, DeadlineManager deadlines, Owed command) {
        boolean wasOwed = owed.contains(command);
        if (attempt(commands, command)) {
            if (wasOwed) {
                Metrics.counter(OWED_RECOVERED, "command", command.name()).increment();
            }
            forget(deadlines, command);
        } else {
            owed.add(command);
            if (owedRetryDeadlineId == null) {
                scheduleOwedRetry(deadlines);
            }
        }
    }

    /** {@code command} is owed no more (done, or no longer needed); with nothing owed, the retries stop. */
    private void forget(DeadlineManager deadlines, Owed command) {
        owed.remove(command);
        if (owed.isEmpty()) {
            owedRetryDeadlineId = cancel(deadlines, OWED_RETRY_DEADLINE, owedRetryDeadlineId);
            owedRetries = 0;
        }
    }

    /** Sends what {@code owedCommand} stands for; true when it needs no further attempt. */
    private boolean attempt(CommandGateway commands, Owed owedCommand) {
        return switch (owedCommand) {
            case RECORD_REFUNDS -> attemptEach(commands, owedCommand, refundRecords);
            case RECORD_ESCROW_RELEASES -> attemptEach(commands, owedCommand, releaseRecords);
            default -> attempt(commands, owedCommand, commandFor(owedCommand));
        };
    }

    /** Sends each record; those done are dropped, the others stay for the next retry. True when none is left. */
    private boolean attemptEach(CommandGateway commands, Owed owedCommand, Map<String, ?> records) {
        records.values().removeIf(record -> attempt(commands, owedCommand, record));
        return records.isEmpty();
    }

    private Object commandFor(Owed owedCommand) {
        String settlementId = SettlementIds.forOrder(orderId);
        return switch (owedCommand) {
            case OPEN_SETTLEMENT -> new OpenSettlementCommand(
                    settlementId, orderId, buyerFirmId, factoryFirmId, settlementAmount);
            case RELEASE_CAPACITY -> new ReleaseCapacityCommand(listingId, orderId);
            case CONSUME_CAPACITY -> new ConsumeCapacityCommand(listingId, orderId);
            case CANCEL_SETTLEMENT -> new CancelSettlementCommand(settlementId, compensationReason);
            case REFUND -> new RefundPaymentCommand(settlementId, orderId + ":refund", compensationReason);
            case RELEASE_ESCROW -> new ReleaseEscrowCommand(settlementId, orderId + ":release");
            case SPLIT_ESCROW -> new SplitEscrowCommand(settlementId, orderId + ":split", splitRefundToBuyer);
            case RECORD_PAYMENT -> paymentRecord;
            case RECORD_SETTLEMENT_CLOSED -> closeRecord;
            case RECORD_REFUNDS, RECORD_ESCROW_RELEASES -> throw new IllegalArgumentException(owedCommand + " is several");
        };
    }

    /** Sends {@code command} for {@code owedCommand}; true when it needs no further attempt. */
    private boolean attempt(CommandGateway commands, Owed owedCommand, Object command) {
        try {
            sendAsSystem(commands, command);
            if (owedCommand == Owed.OPEN_SETTLEMENT) {
                settlementOpened = true;
            }
            return true;
        } catch (RuntimeException e) {
            if (owedCommand == Owed.CANCEL_SETTLEMENT && !settlementOpened && isNotFound(e)) {
                // No opening ever succeeded: there is no settlement, so nothing to cancel and none will close.
                finished = true;
                return true;
            }
            if (isBusinessRefusal(e)) {
                // The aggregate said no (e.g. escrow already empty): sending it again would get the same answer.
                log.warn("Order {}: {} refused; not retried", orderId, owedCommand, e);
                return true;
            }
            log.warn("Order {}: {} failed; it is owed and will be tried again", orderId, owedCommand, e);
            Metrics.counter(OWED_FAILURES, "command", owedCommand.name()).increment();
            return false;
        }
    }

    @DeadlineHandler(deadlineName = OWED_RETRY_DEADLINE)
    void owedRetryDue(String deadlineOrderId, CommandGateway commands, DeadlineManager deadlines) {
        if (owedRetryDeadlineId == null) {
            return; // nothing was owed any more and this job ran anyway
        }
        owedRetryDeadlineId = null; // this one has fired
        for (Owed command : Owed.values()) { // in their order: the units first, then money
            if (owed.contains(command) && attempt(commands, command)) {
                owed.remove(command);
                Metrics.counter(OWED_RECOVERED, "command", command.name()).increment();
            }
        }
        if (owed.isEmpty()) {
            owedRetries = 0;
        } else {
            scheduleOwedRetry(deadlines);
        }
        endIfFinished();
    }

    private void scheduleOwedRetry(DeadlineManager deadlines) {
        Duration delay = retryDelay(owedRetries++);
        log.warn("Order {}: {} owed; trying again in {}", orderId, owed, delay);
        owedRetryDeadlineId = deadlines.schedule(delay, OWED_RETRY_DEADLINE, orderId);
    }

    /** Ends the saga once the order's story is over and it owes nothing more. */
    private void endIfFinished() {
        if (finished && owed.isEmpty()) {
            SagaLifecycle.end();
        }
    }

    private static boolean isNotFound(Throwable failure) {
        return causedBy(failure, AggregateNotFoundException.class);
    }

    private static boolean isBusinessRefusal(Throwable failure) {
        return causedBy(failure, DomainException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    // --- delivery, receipt and disputes -------------------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderShippedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        send(commands, deadlines, Owed.CONSUME_CAPACITY);
        confirmationDeadlineId = deadlines.schedule(event.confirmBy(), CONFIRMATION_DEADLINE, orderId);
    }

    @DeadlineHandler(deadlineName = CONFIRMATION_DEADLINE)
    void confirmationDeadlinePassed(String deadlineOrderId, CommandGateway commands) {
        sendAsSystem(commands, new AutoConfirmReceiptCommand(deadlineOrderId));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(ReceiptConfirmedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        confirmationDeadlineId = cancel(deadlines, CONFIRMATION_DEADLINE, confirmationDeadlineId);
        send(commands, deadlines, Owed.RELEASE_ESCROW);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(DisputeOpenedEvent event, DeadlineManager deadlines) {
        confirmationDeadlineId = cancel(deadlines, CONFIRMATION_DEADLINE, confirmationDeadlineId);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(DisputeDecidedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        splitRefundToBuyer = event.refundToBuyer();
        send(commands, deadlines, Owed.SPLIT_ESCROW);
    }

    // --- the settlement's facts, recorded on the order ------------------------------------------------------------------

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(PaymentRefundedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        refundRecords.put(event.refundId(),
                new RecordRefundCommand(orderId, event.refundId(), event.amount(), event.reason(), event.refundedAt()));
        send(commands, deadlines, Owed.RECORD_REFUNDS);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(EscrowReleasedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        releaseRecords.put(event.releaseId(), new RecordEscrowReleaseCommand(
                orderId, event.releaseId(), event.toFactory(), event.commission(), event.releasedAt()));
        send(commands, deadlines, Owed.RECORD_ESCROW_RELEASES);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(SettlementClosedEvent event, CommandGateway commands, DeadlineManager deadlines) {
        closeRecord = new RecordSettlementClosedCommand(
                orderId, event.captured(), event.released(), event.refunded(), event.commission());
        send(commands, deadlines, Owed.RECORD_SETTLEMENT_CLOSED);
    }

    /** The order's money is closed: the saga ends, unless a compensation is still due (it ends once that is done). */
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderSettledEvent event, DeadlineManager deadlines) {
        paymentDeadlineId = cancel(deadlines, PAYMENT_DEADLINE, paymentDeadlineId);
        acceptanceDeadlineId = cancel(deadlines, ACCEPTANCE_DEADLINE, acceptanceDeadlineId);
        confirmationDeadlineId = cancel(deadlines, CONFIRMATION_DEADLINE, confirmationDeadlineId);
        forget(deadlines, Owed.OPEN_SETTLEMENT);
        finished = true;
        endIfFinished();
    }

    // --- plumbing ----------------------------------------------------------------------------------------------------

    /** Cancels a pending deadline (a stale one would be harmless: the order ignores it); answers the cleared id. */
    private static String cancel(DeadlineManager deadlines, String name, String scheduleId) {
        if (scheduleId != null) {
            deadlines.cancelSchedule(name, scheduleId);
        }
        return null;
    }

    /** Sends as the platform and waits; a failure propagates (a deadline job is then retried by JobRunr). */
    private static void sendAsSystem(CommandGateway commands, Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(systemMetaData()));
    }

    /** The platform as actor; the firm is cleared explicitly, or the event's firm would be carried over. */
    static MetaData systemMetaData() {
        var metaData = new HashMap<String, Object>(Actor.system().toMetaData());
        metaData.put(EventMetadata.ACTOR_FIRM_ID, null);
        return MetaData.from(metaData);
    }
}
