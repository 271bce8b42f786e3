package com.sharefab.command.settlement;

import com.sharefab.command.axon.AggregateCaches;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.EscrowSplitEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentNotificationRejectedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.PaymentRequestedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import com.sharefab.events.settlement.SettlementCancelledEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The money of one order. Opened by the order's process with the amount and the commission rate in force; the buyer
 * asks to pay (a payment is created at the provider); a verified provider notification whose amount and currency
 * match captures the payment into escrow (anything else is recorded as a rejected notification and captures
 * nothing). Escrow then leaves in one of three ways: released to the factory less the commission (then paid out),
 * refunded in full, or split by the operator between a refund and a release. Refunds and payouts are requested here
 * and executed by the provider adapter, which reports back; once nothing is held and nothing is in flight the
 * settlement closes. Cancelled before a capture it closes without money; a payment captured after (or while) it was
 * cancelled is refunded in full ({@code PAID_AFTER_CANCEL}).
 *
 * <p>Invariants, to the fen: captured = released + refunded + commission + held + refunds in flight; at close
 * nothing is held or in flight; nothing is released after a full refund; no refund exceeds what is held. Every
 * command is idempotent by its id (a repeat changes nothing; the same id with another payload is
 * {@code OPERATION_ID_CONFLICT}).
 */
@Aggregate(cache = AggregateCaches.SETTLEMENTS)
class Settlement {

    static final String PAID_AFTER_CANCEL = "PAID_AFTER_CANCEL";
    static final String DISPUTE_SPLIT = "DISPUTE_SPLIT";
    static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";
    static final String ALREADY_PAID = "ALREADY_PAID";

    @AggregateIdentifier
    private String settlementId;

    private String orderId;
    private String buyerFirmId;
    private String factoryFirmId;
    private Money amount;
    private int commissionBasisPoints;

    private boolean paymentRequested;
    private String providerPaymentId;
    private boolean cancelled;
    private boolean closed;

    private long captured;
    private long refunded;
    private long released;
    private long commission;
    private long paidOut;

    /** Refunds requested and not yet confirmed by the provider, by refund id. */
    private final Map<String, Long> refundsInFlight = new LinkedHashMap<>();
    /** Payouts requested and not yet confirmed by the provider, by payout id. */
    private final Map<String, Long> payoutsInFlight = new LinkedHashMap<>();
    /** Every refund operation (requested or done) with its reason: a retry must say the same. */
    private final Map<String, String> refundReasons = new HashMap<>();
    private final Set<String> releaseIds = new HashSet<>();
    private final Map<String, Money> splits = new HashMap<>();
    private final Set<String> rejectedNotifications = new HashSet<>();

    Settlement() {
        // for Axon
    }

    // --- open ----------------------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(OpenSettlementCommand command, CommissionRates rates) {
        if (orderId != null) {
            boolean same = orderId.equals(command.orderId())
                    && buyerFirmId.equals(command.buyerFirmId())
                    && factoryFirmId.equals(command.factoryFirmId())
                    && amount.equals(command.amount());
            if (!same) {
                throw new DomainException(
                        SettlementErrorCode.OPERATION_ID_CONFLICT,
                        "settlement " + command.settlementId() + " was opened with other details",
                        "settlementId");
            }
            return; // a retry of the opening we already hold
        }
        if (!command.settlementId().equals(SettlementIds.forOrder(command.orderId()))) {
            throw badInput("settlementId must be " + SettlementIds.forOrder(command.orderId()), "settlementId");
        }
        if (command.amount().fen() <= 0) {
            throw badInput("amount must be more than 0 fen", "amount");
        }
        apply(new SettlementOpenedEvent(
                command.settlementId(),
                command.orderId(),
                command.buyerFirmId(),
                command.factoryFirmId(),
                command.amount(),
                rates.current(),
                now()));
    }

    // --- pay -----------------------------------------------------------------------------------------------------

    @CommandHandler
    PaymentOrder handle(PreparePaymentCommand command, MetaData metaData) {
        Actor actor = Actors.of(metaData);
        if (!Actors.actsFor(actor, buyerFirmId) && !Actors.isPlatform(actor)) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the order's buyer firm may pay it");
        }
        if (captured > 0) {
            throw new DomainException(SettlementErrorCode.ALREADY_PAID, "order " + orderId + " is paid already");
        }
        if (cancelled || closed) {
            throw new DomainException(
                    SettlementErrorCode.SETTLEMENT_CLOSED, "order " + orderId + " was cancelled: nothing to pay");
        }
        if (!paymentRequested) {
            apply(new PaymentRequestedEvent(settlementId, orderId, paymentId(), amount, now()));
        }
        return new PaymentOrder(settlementId, orderId, paymentId(), buyerFirmId, amount);
    }

    @CommandHandler
    void handle(CapturePaymentCommand command) {
        if (rejectedNotifications.contains(command.notificationId())
                || command.providerPaymentId().equals(providerPaymentId)) {
            return; // a replayed or duplicated notification
        }
        if (!command.amount().equals(amount)) {
            apply(rejected(command, AMOUNT_MISMATCH));
            return;
        }
        if (providerPaymentId != null) {
            apply(rejected(command, ALREADY_PAID));
            return;
        }
        apply(new PaymentCapturedEvent(settlementId, orderId, command.providerPaymentId(), command.amount(), now()));
        if (cancelled) {
            requestRefund(settlementId + ":paid-after-cancel", PAID_AFTER_CANCEL);
        }
    }

    private PaymentNotificationRejectedEvent rejected(CapturePaymentCommand command, String reason) {
        return new PaymentNotificationRejectedEvent(
                settlementId,
                orderId,
                command.notificationId(),
                command.providerPaymentId(),
                command.amount(),
                reason,
                now());
    }

    // --- cancel --------------------------------------------------------------------------------------------------

    @CommandHandler
    void handle(CancelSettlementCommand command) {
        if (cancelled) {
            return;
        }
        if (captured == 0) {
            apply(new SettlementCancelledEvent(settlementId, orderId, command.reason(), now()));
            close();
            return;
        }
        if (held() > 0) {
            // The order side gave up on a payment that was captured meanwhile: the settlement refunds by itself.
            apply(new SettlementCancelledEvent(settlementId, orderId, command.reason(), now()));
            requestRefund(settlementId + ":paid-after-cancel", PAID_AFTER_CANCEL);
        }
        // otherwise escrow already left (released or refunded): nothing to cancel
    }

    // --- refund, release, split ----------------------------------------------------------------------------------

    @CommandHandler
    void handle(RefundPaymentCommand command) {
        String known = refundReasons.get(command.refundId());
        if (known != null) {
            requireSame(known.equals(command.reason()), "refund", command.refundId());
            return;
        }
        if (captured == 0) {
            // Nothing was paid: the order ended before payment, so this is a cancellation.
            handle(new CancelSettlementCommand(settlementId, command.reason()));
            return;
        }
        if (held() > 0) {
            requestRefund(command.refundId(), command.reason());
            return;
        }
        if (released > 0 || commission > 0) {
            throw new DomainException(
                    SettlementErrorCode.ESCROW_EMPTY, "escrow of order " + orderId + " was released: nothing to refund");
        }
        // escrow was refunded in full already (by another refund operation): nothing left to do
    }

    @CommandHandler
    void handle(ReleaseEscrowCommand command) {
        if (releaseIds.contains(command.releaseId())) {
            return;
        }
        requireHeld();
        release(command.releaseId(), held());
        closeIfSettled();
    }

    @CommandHandler
    void handle(SplitEscrowCommand command) {
        Money known = splits.get(command.splitId());
        if (known != null) {
            requireSame(known.equals(command.refundToBuyer()), "split", command.splitId());
            return;
        }
        requireHeld();
        long held = held();
        Money refund = command.refundToBuyer();
        if (!refund.currency().equals(amount.currency()) || refund.fen() < 0 || refund.fen() > held) {
            throw new DomainException(
                    SettlementErrorCode.AMOUNT_NOT_IN_ESCROW,
                    "refundToBuyer must be 0 to " + held + " fen " + amount.currency() + "; it is " + refund.fen()
                            + " " + refund.currency(),
                    "refundToBuyer");
        }
        long rest = held - refund.fen();
        apply(new EscrowSplitEvent(settlementId, orderId, command.splitId(), refund, money(rest), now()));
        if (refund.fen() > 0) {
            requestRefund(command.splitId() + ":refund", refund.fen(), DISPUTE_SPLIT);
        }
        if (rest > 0) {
            release(command.splitId(), rest);
        }
        closeIfSettled();
    }

    private void requireHeld() {
        if (captured == 0) {
            throw new DomainException(
                    cancelled ? SettlementErrorCode.SETTLEMENT_CLOSED : SettlementErrorCode.PAYMENT_NOT_CAPTURED,
                    "order " + orderId + " is not paid: nothing in escrow");
        }
        if (held() == 0) {
            throw new DomainException(
                    SettlementErrorCode.ESCROW_EMPTY,
                    "escrow of order " + orderId + " was " + (refunded + inFlight(refundsInFlight) > 0
                            ? "refunded"
                            : "released") + " already");
        }
    }

    private void release(String releaseId, long fen) {
        long kept = Commissions.of(fen, commissionBasisPoints);
        long toFactory = fen - kept;
        apply(new EscrowReleasedEvent(settlementId, orderId, releaseId, money(toFactory), money(kept), now()));
        if (toFactory > 0) {
            apply(new PayoutRequestedEvent(
                    settlementId, orderId, releaseId + ":payout", factoryFirmId, money(toFactory), now()));
        }
    }

    private void requestRefund(String refundId, String reason) {
        requestRefund(refundId, held(), reason);
    }

    private void requestRefund(String refundId, long fen, String reason) {
        apply(new RefundRequestedEvent(settlementId, orderId, refundId, providerPaymentId, money(fen), reason, now()));
    }

    // --- the provider reports back -------------------------------------------------------------------------------

    @CommandHandler
    void handle(RecordRefundCommand command) {
        Long fen = refundsInFlight.get(command.refundId());
        if (fen == null) {
            requireKnown(refundReasons.containsKey(command.refundId()), "refund", command.refundId());
            return; // recorded already
        }
        apply(new PaymentRefundedEvent(
                settlementId, orderId, command.refundId(), money(fen), refundReasons.get(command.refundId()), now()));
        closeIfSettled();
    }

    @CommandHandler
    void handle(RecordPayoutCommand command) {
        Long fen = payoutsInFlight.get(command.payoutId());
        if (fen == null) {
            requireKnown(command.payoutId().endsWith(":payout")
                    && releaseIds.contains(command.payoutId().substring(0, command.payoutId().length() - 7)),
                    "payout", command.payoutId());
            return; // recorded already
        }
        apply(new FactoryPaidOutEvent(
                settlementId, orderId, command.payoutId(), command.providerPayoutId(), money(fen), now()));
        closeIfSettled();
    }

    private void closeIfSettled() {
        if (!closed && captured > 0 && held() == 0 && refundsInFlight.isEmpty() && payoutsInFlight.isEmpty()) {
            close();
        }
    }

    private void close() {
        apply(new SettlementClosedEvent(
                settlementId,
                orderId,
                money(captured),
                money(released),
                money(refunded),
                money(commission),
                now()));
    }

    // --- state ---------------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(SettlementOpenedEvent event) {
        settlementId = event.settlementId();
        orderId = event.orderId();
        buyerFirmId = event.buyerFirmId();
        factoryFirmId = event.factoryFirmId();
        amount = event.amount();
        commissionBasisPoints = event.commissionBasisPoints();
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent event) {
        paymentRequested = true;
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event) {
        providerPaymentId = event.providerPaymentId();
        captured += event.amount().fen();
        closed = false; // a payment after a cancellation reopens the settlement until it is refunded
    }

    @EventSourcingHandler
    void on(PaymentNotificationRejectedEvent event) {
        rejectedNotifications.add(event.notificationId());
    }

    @EventSourcingHandler
    void on(SettlementCancelledEvent event) {
        cancelled = true;
    }

    @EventSourcingHandler
    void on(RefundRequestedEvent event) {
        refundReasons.put(event.refundId(), event.reason());
        refundsInFlight.put(event.refundId(), event.amount().fen());
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        refundsInFlight.remove(event.refundId());
        refunded += event.amount().fen();
    }

    @EventSourcingHandler
    void on(EscrowSplitEvent event) {
        splits.put(event.splitId(), event.refundToBuyer());
    }

    @EventSourcingHandler
    void on(EscrowReleasedEvent event) {
        releaseIds.add(event.releaseId());
        released += event.toFactory().fen();
        commission += event.commission().fen();
    }

    @EventSourcingHandler
    void on(PayoutRequestedEvent event) {
        payoutsInFlight.put(event.payoutId(), event.amount().fen());
    }

    @EventSourcingHandler
    void on(FactoryPaidOutEvent event) {
        payoutsInFlight.remove(event.payoutId());
        paidOut += event.amount().fen();
    }

    @EventSourcingHandler
    void on(SettlementClosedEvent event) {
        closed = true;
    }

    /** What escrow holds now: captured, less what was released, kept, refunded or is being refunded. */
    private long held() {
        return captured - released - commission - refunded - inFlight(refundsInFlight);
    }

    private static long inFlight(Map<String, Long> operations) {
        return operations.values().stream().mapToLong(Long::longValue).sum();
    }

    private String paymentId() {
        return settlementId + ":payment";
    }

    private Money money(long fen) {
        return new Money(fen, amount.currency());
    }

    private static void requireSame(boolean same, String operation, String id) {
        if (!same) {
            throw new DomainException(
                    SettlementErrorCode.OPERATION_ID_CONFLICT,
                    operation + " " + id + " was asked for before with other details",
                    operation + "Id");
        }
    }

    private static void requireKnown(boolean known, String operation, String id) {
        if (!known) {
            throw new DomainException(CommonErrorCode.NOT_FOUND, "no " + operation + " " + id + " was requested");
        }
    }

    private static DomainException badInput(String message, String field) {
        return new DomainException(CommonErrorCode.BAD_USER_INPUT, message, field);
    }

    private static Instant now() {
        return Instant.now(GenericEventMessage.clock);
    }
}
