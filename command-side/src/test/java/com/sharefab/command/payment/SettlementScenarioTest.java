package com.sharefab.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.command.axon.DomainException;
import com.sharefab.command.settlement.CancelSettlementCommand;
import com.sharefab.command.settlement.CapturePaymentCommand;
import com.sharefab.command.settlement.CommissionRates;
import com.sharefab.command.settlement.Commissions;
import com.sharefab.command.settlement.OpenSettlementCommand;
import com.sharefab.command.settlement.RefundPaymentCommand;
import com.sharefab.command.settlement.ReleaseEscrowCommand;
import com.sharefab.command.settlement.SettlementAggregate;
import com.sharefab.command.settlement.SplitEscrowCommand;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import com.sharefab.events.settlement.SettlementClosedEvent;
import com.sharefab.events.settlement.SettlementEvent;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.ledger.LedgerAccount;
import com.sharefab.query.ledger.LedgerPostings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Seeded random scenarios of a settlement's life, with the real aggregate and the real payment command handler on
 * Axon (in memory), a provider that goes down or loses its answers, notifications duplicated or with a wrong
 * amount, the payment process's deliveries failing, redelivered and delayed, and restarts (a new Axon configuration
 * over the same events: state rebuilt from the stream). After every step every invariant is checked on the event
 * stream, the ledger postings and the provider's own books; at the end everything is drained and must balance to the
 * fen. Run more with {@code -Dscenario.count=100000}, replay one with {@code -Dscenario.seed=<seed>}.
 */
class SettlementScenarioTest {

    private static final int RATE = 300;
    private static final String BUYER_FIRM = "buyer";
    private static final String FACTORY_FIRM = "factory";
    private static final Actor BUYER = new Actor("u-buyer", BUYER_FIRM, "BUYER");
    /** One validator for all configurations: building one is what a configuration's start costs most. */
    private static final BeanValidationInterceptor<org.axonframework.commandhandling.CommandMessage<?>> VALIDATION =
            new BeanValidationInterceptor<>();

    @Test
    void randomScenarios_everyStep_keepsEveryInvariant() {
        long base = Long.getLong("scenario.seed", System.nanoTime());
        int count = Integer.getInteger("scenario.count", 1000);
        boolean single = System.getProperty("scenario.seed") != null && System.getProperty("scenario.count") == null;
        var seen = new java.util.TreeMap<String, Integer>();
        for (int i = 0; i < (single ? 1 : count); i++) {
            long seed = base + i;
            // one store per scenario (the in-memory engine scans all its events on every read); restarts share it
            var scenario = new Scenario(seed, new InMemoryEventStorageEngine());
            try {
                scenario.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("scenario failed; replay with -Dscenario.seed=" + seed + "\nsteps:\n"
                        + String.join("\n", scenario.log) + "\n" + e, e);
            } finally {
                scenario.shutdown();
            }
            scenario.outcomes().forEach(outcome -> seen.merge(outcome, 1, Integer::sum));
        }
        System.out.println("settlement scenarios from seed " + base + ": " + seen);
        if (!single) {
            assertThat(seen.keySet()).as("the scenarios reach every path").contains(
                    "released and paid out", "refunded in full", "split", "paid after cancel",
                    "notification rejected", "delivery failed", "restarted", "closed without money");
        }
    }

    /** One settlement's random life. */
    private static final class Scenario {

        final Random random;
        final InMemoryEventStorageEngine engine;
        final ScenarioProvider provider = new ScenarioProvider();
        final List<String> log = new ArrayList<>();
        final String orderId;
        final String settlementId;
        final long amount;
        Configuration axon;
        /** Refund and payout requests the process has yet to carry out, by event sequence (a tracking token). */
        final Map<Long, SettlementEvent> pending = new LinkedHashMap<>();
        final Map<Long, SettlementEvent> delivered = new LinkedHashMap<>();
        long seen = -1;
        String providerPaymentId;
        final List<CapturePaymentCommand> notifications = new ArrayList<>();

        Scenario(long seed, InMemoryEventStorageEngine engine) {
            this.random = new Random(seed);
            this.engine = engine;
            this.orderId = "o" + seed;
            this.settlementId = SettlementIds.forOrder(orderId);
            // amounts from 1 fen to beyond 2^31 fen, often where commissions round
            this.amount = switch (random.nextInt(4)) {
                case 0 -> 1 + random.nextInt(200);
                case 1 -> 1 + random.nextInt(1_000_000);
                case 2 -> 2_000_000_000L + random.nextInt(1_000_000_000);
                default -> 1 + (random.nextLong() >>> 12);
            };
            start();
        }

        void start() {
            var settings = new PaymentProviderSettings(
                    "http://unused", "s", "http://test/hook", null, 1, null, null, 1, 1, null, 1);
            axon = DefaultConfigurer.defaultConfiguration()
                    .configureEmbeddedEventStore(c -> engine)
                    .configureAggregate(SettlementAggregate.type())
                    .registerComponent(CommissionRates.class, c -> () -> RATE)
                    .registerCommandHandler(c -> new PaymentCommandHandler(
                            c.commandGateway(), provider, settings, new MockEnvironment()))
                    .buildConfiguration();
            axon.start();
            axon.commandBus().registerDispatchInterceptor(VALIDATION);
        }

        void shutdown() {
            axon.shutdown();
        }

        void run() {
            send(new OpenSettlementCommand(settlementId, orderId, BUYER_FIRM, FACTORY_FIRM, Money.cny(amount)), true);
            int steps = 5 + random.nextInt(25);
            for (int step = 0; step < steps; step++) {
                randomStep();
                check(false);
            }
            drain();
            check(true);
        }

        void randomStep() {
            // most orders get paid: before a capture, paying is what usually happens next
            int dice = totals().captured == 0 && random.nextInt(10) < 6 ? random.nextInt(24) : random.nextInt(100);
            if (dice < 12) {
                step("request payment");
                try {
                    PaymentInstructions payment = send(new RequestPaymentCommand(settlementId), false, BUYER);
                    if (payment != null) {
                        providerPaymentId = payment.providerPaymentId();
                    }
                } catch (DomainException expected) {
                    log.add("  -> " + expected.code());
                }
            } else if (dice < 24) {
                if (providerPaymentId == null) {
                    return;
                }
                boolean wrong = random.nextInt(8) == 0;
                long paid = wrong ? amount + 1 : amount;
                step("buyer pays " + paid + (wrong ? " (wrong amount)" : ""));
                provider.pay(providerPaymentId, paid);
                long actuallyPaid = provider.payments.get(providerPaymentId)[1];
                var notification = new CapturePaymentCommand(
                        settlementId, "n" + notifications.size(), providerPaymentId, Money.cny(actuallyPaid));
                notifications.add(notification);
                send(notification, false);
            } else if (dice < 30) {
                if (notifications.isEmpty()) {
                    return;
                }
                var again = notifications.get(random.nextInt(notifications.size()));
                step("notification replayed " + again.notificationId());
                send(again, false);
            } else if (dice < 40) {
                String id = "release-" + random.nextInt(2);
                step("release " + id);
                idempotent(new ReleaseEscrowCommand(settlementId, id));
            } else if (dice < 50) {
                String id = "refund-" + random.nextInt(2);
                step("refund " + id);
                idempotent(new RefundPaymentCommand(settlementId, id, random.nextBoolean() ? "FACTORY_REJECTED" : "BUYER_CANCELLED"));
            } else if (dice < 57) {
                String id = "split-" + random.nextInt(2);
                long refund = random.nextInt(10) == 0 ? amount + 1 : (long) (random.nextDouble() * amount);
                step("split " + id + " refunding " + refund);
                idempotent(new SplitEscrowCommand(settlementId, id, Money.cny(refund)));
            } else if (dice < 62) {
                step("cancel");
                idempotent(new CancelSettlementCommand(settlementId, "PAYMENT_TIMEOUT"));
            } else if (dice < 80) {
                deliver(false);
            } else if (dice < 84) {
                if (delivered.isEmpty()) {
                    return;
                }
                var event = new ArrayList<>(delivered.values()).get(random.nextInt(delivered.size()));
                step("process redelivers " + describe(event));
                execute(event);
            } else if (dice < 90) {
                provider.down = !provider.down;
                step("provider " + (provider.down ? "down" : "up"));
            } else if (dice < 95) {
                provider.loseNextResponse = true;
                step("provider will lose its next response");
            } else if (dice < 98) {
                step("restart: the process had not saved its position, so it delivers its last request again");
                if (!delivered.isEmpty()) {
                    var last = new ArrayList<>(delivered.entrySet()).get(delivered.size() - 1);
                    pending.put(last.getKey(), last.getValue());
                }
            } else {
                step("restart");
                axon.shutdown();
                start();
            }
        }

        /** The process carries out the oldest pending request (at-least-once: a failure keeps it pending). */
        void deliver(boolean quiet) {
            collectRequests();
            if (pending.isEmpty()) {
                return;
            }
            var first = pending.entrySet().iterator().next();
            if (!quiet) {
                step("process delivers " + describe(first.getValue()));
            }
            if (execute(first.getValue())) {
                pending.remove(first.getKey());
                delivered.put(first.getKey(), first.getValue());
            }
        }

        boolean execute(SettlementEvent event) {
            try {
                if (event instanceof RefundRequestedEvent e) {
                    send(new ExecuteRefundCommand(e.settlementId(), e.refundId(), e.providerPaymentId(), e.amount()), true);
                } else if (event instanceof PayoutRequestedEvent e) {
                    send(new ExecutePayoutCommand(e.settlementId(), e.payoutId(), e.factoryFirmId(), e.amount()), true);
                }
                return true;
            } catch (DomainException failed) {
                assertThat(failed.code()).as("only the provider may fail a delivery")
                        .isEqualTo(PaymentErrorCode.PAYMENT_PROVIDER_UNAVAILABLE.name());
                log.add("  -> " + failed.getMessage());
                return false;
            }
        }

        /** Provider back, every pending request carried out, a paid order released, an unpaid one cancelled. */
        void drain() {
            step("drain");
            provider.down = false;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 20; i++) {
                    deliver(true);
                }
                var totals = totals();
                if (totals.closed) {
                    break;
                }
                if (totals.captured == 0) {
                    idempotent(new CancelSettlementCommand(settlementId, "PAYMENT_TIMEOUT"));
                } else if (totals.held() > 0) {
                    idempotent(new ReleaseEscrowCommand(settlementId, "final-release"));
                }
            }
            collectRequests();
            assertThat(pending).as("nothing left in flight").isEmpty();
        }

        void collectRequests() {
            for (var message : events()) {
                if (message.sequence > seen) {
                    seen = message.sequence;
                    if (message.event instanceof RefundRequestedEvent || message.event instanceof PayoutRequestedEvent) {
                        pending.put(message.sequence, message.event);
                    }
                }
            }
        }

        /** Sends a command that may be refused; if it succeeds, the same command again must change nothing. */
        void idempotent(Object command) {
            try {
                send(command, false);
            } catch (DomainException refused) {
                log.add("  -> " + refused.code());
                return;
            }
            if (random.nextInt(3) == 0) {
                int before = events().size();
                send(command, false);
                assertThat(events()).as("a repeated " + command + " changes nothing").hasSize(before);
            }
        }

        <R> R send(Object command, boolean mustSucceed) {
            return send(command, mustSucceed, Actor.system());
        }

        <R> R send(Object command, boolean mustSucceed, Actor actor) {
            try {
                return axon.commandGateway().sendAndWait(
                        GenericCommandMessage.asCommandMessage(command).andMetaData(actor.toMetaData()));
            } catch (DomainException e) {
                if (mustSucceed) {
                    throw e;
                }
                throw e;
            }
        }

        void step(String what) {
            log.add(what);
        }

        /** What this scenario went through, for the coverage summary. */
        List<String> outcomes() {
            var outcomes = new ArrayList<String>();
            var t = totals();
            if (t.paidOut > 0 && t.refunded == 0) {
                outcomes.add("released and paid out");
            }
            if (t.refunded == t.captured && t.captured > 0) {
                outcomes.add("refunded in full");
            }
            if (t.captured == 0) {
                outcomes.add("closed without money");
            }
            var events = events();
            if (events.stream().anyMatch(e -> e.event instanceof com.sharefab.events.settlement.EscrowSplitEvent)) {
                outcomes.add("split");
            }
            if (events.stream().anyMatch(e -> e.event instanceof RefundRequestedEvent r
                    && r.reason().equals("PAID_AFTER_CANCEL"))) {
                outcomes.add("paid after cancel");
            }
            if (events.stream().anyMatch(
                    e -> e.event instanceof com.sharefab.events.settlement.PaymentNotificationRejectedEvent)) {
                outcomes.add("notification rejected");
            }
            if (log.stream().anyMatch(line -> line.contains("response lost") || line.contains("-> down"))) {
                outcomes.add("delivery failed");
            }
            if (log.stream().anyMatch(line -> line.startsWith("restart"))) {
                outcomes.add("restarted");
            }
            return outcomes;
        }

        record Stored(long sequence, SettlementEvent event) {}

        List<Stored> events() {
            var stream = engine.readEvents(settlementId);
            var events = new ArrayList<Stored>();
            stream.asStream().forEach(m -> events.add(new Stored(m.getSequenceNumber(), (SettlementEvent) m.getPayload())));
            return events;
        }

        static String describe(SettlementEvent event) {
            return event instanceof RefundRequestedEvent e ? "refund " + e.refundId() + " " + e.amount().fen()
                    : event instanceof PayoutRequestedEvent e ? "payout " + e.payoutId() + " " + e.amount().fen()
                    : event.toString();
        }

        /** Money as the event stream tells it. */
        static final class Totals {
            long captured, released, commission, refunded, refundsInFlight, paidOut, payoutsInFlight, captures;
            boolean closed;
            boolean fullyRefunded;
            boolean releasedAfterFullRefund;

            long held() {
                return captured - released - commission - refunded - refundsInFlight;
            }
        }

        Totals totals() {
            var t = new Totals();
            for (var stored : events()) {
                var event = stored.event;
                if (event instanceof PaymentCapturedEvent e) {
                    t.captured += e.amount().fen();
                    t.captures++;
                    t.closed = false;
                } else if (event instanceof RefundRequestedEvent e) {
                    t.refundsInFlight += e.amount().fen();
                    if (t.refundsInFlight + t.refunded == t.captured && t.released + t.commission == 0) {
                        t.fullyRefunded = true;
                    }
                } else if (event instanceof PaymentRefundedEvent e) {
                    t.refundsInFlight -= e.amount().fen();
                    t.refunded += e.amount().fen();
                } else if (event instanceof EscrowReleasedEvent e) {
                    t.released += e.toFactory().fen();
                    t.commission += e.commission().fen();
                    t.releasedAfterFullRefund |= t.fullyRefunded;
                } else if (event instanceof PayoutRequestedEvent e) {
                    t.payoutsInFlight += e.amount().fen();
                } else if (event instanceof FactoryPaidOutEvent e) {
                    t.payoutsInFlight -= e.amount().fen();
                    t.paidOut += e.amount().fen();
                } else if (event instanceof SettlementClosedEvent e) {
                    t.closed = true;
                    assertThat(e.captured().fen()).as("closing totals: captured").isEqualTo(t.captured);
                    assertThat(e.captured().fen())
                            .as("closing totals: captured = released + refunded + commission")
                            .isEqualTo(e.released().fen() + e.refunded().fen() + e.commission().fen());
                }
            }
            return t;
        }

        void check(boolean end) {
            var t = totals();
            assertThat(t.captures).as("captured at most once").isLessThanOrEqualTo(1);
            assertThat(t.captured).as("captured is nothing or the amount").isIn(0L, amount);
            for (long value : new long[] {t.released, t.commission, t.refunded, t.refundsInFlight, t.paidOut,
                    t.payoutsInFlight, t.held()}) {
                assertThat(value).as("no negative amount").isNotNegative();
            }
            assertThat(t.captured)
                    .as("captured = released + commission + refunded + refunds in flight + held")
                    .isEqualTo(t.released + t.commission + t.refunded + t.refundsInFlight + t.held());
            assertThat(t.released).as("released = paid out + payouts in flight").isEqualTo(t.paidOut + t.payoutsInFlight);
            assertThat(t.refunded + t.refundsInFlight).as("no refund above captured").isLessThanOrEqualTo(t.captured);
            assertThat(t.releasedAfterFullRefund).as("nothing released after a full refund").isFalse();
            if (t.released + t.commission > 0) {
                assertThat(t.commission)
                        .as("commission rounds half up on what was released")
                        .isBetween(Commissions.of(t.released + t.commission, RATE) - 1,
                                Commissions.of(t.released + t.commission, RATE) + 1);
            }
            if (t.closed) {
                assertThat(t.held()).as("closed: nothing held").isZero();
                assertThat(t.refundsInFlight + t.payoutsInFlight).as("closed: nothing in flight").isZero();
                assertThat(t.captured).as("closed: to the fen").isEqualTo(t.released + t.refunded + t.commission);
            }
            checkLedger(t);
            checkProvider(t, end);
        }

        /** Every entry balanced; account balances equal the stream's totals; the trial balance is zero. */
        void checkLedger(Totals t) {
            var balances = new EnumMap<LedgerAccount, Long>(LedgerAccount.class);
            for (var stored : events()) {
                for (var entry : LedgerPostings.of(stored.event, BUYER_FIRM, FACTORY_FIRM)) {
                    long sum = 0;
                    for (var line : entry.lines()) {
                        sum += line.amount().fen();
                        balances.merge(line.account(), line.amount().fen(), Long::sum);
                    }
                    assertThat(sum).as("entry " + entry + " balances").isZero();
                }
            }
            assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).as("trial balance").isZero();
            assertThat(balances.getOrDefault(LedgerAccount.ESCROW, 0L)).as("escrow account").isEqualTo(t.held());
            assertThat(balances.getOrDefault(LedgerAccount.BUYER, 0L)).as("buyer account")
                    .isEqualTo(t.refunded - t.captured);
            assertThat(balances.getOrDefault(LedgerAccount.FACTORY, 0L)).as("factory account").isEqualTo(t.paidOut);
            assertThat(balances.getOrDefault(LedgerAccount.PLATFORM_COMMISSION, 0L)).isEqualTo(t.commission);
            assertThat(balances.getOrDefault(LedgerAccount.PROVIDER_CLEARING, 0L)).as("provider clearing")
                    .isEqualTo(t.refundsInFlight + t.payoutsInFlight);
        }

        /** The provider executed every operation once, and never more money than the ledger knows of. */
        void checkProvider(Totals t, boolean end) {
            assertThat(provider.executions.values()).as("each idempotency key executed once").allMatch(n -> n == 1);
            long providerRefunded = provider.payments.values().stream().mapToLong(p -> p[2]).sum();
            assertThat(providerRefunded).as("provider refunds within booked + in flight")
                    .isBetween(t.refunded, t.refunded + t.refundsInFlight);
            assertThat(provider.paidOut).as("provider payouts within booked + in flight")
                    .isBetween(t.paidOut, t.paidOut + t.payoutsInFlight);
            if (t.captured > 0) {
                assertThat(provider.payments.get(providerPaymentId)[1]).as("the provider was paid what was captured")
                        .isEqualTo(t.captured);
            }
            if (end) {
                assertThat(t.closed).as("drained: closed").isTrue();
                assertThat(providerRefunded).as("reconciled refunds").isEqualTo(t.refunded);
                assertThat(provider.paidOut).as("reconciled payouts").isEqualTo(t.paidOut);
            }
        }
    }
}
