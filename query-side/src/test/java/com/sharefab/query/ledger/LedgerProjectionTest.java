package com.sharefab.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.FactoryPaidOutEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.SettlementEvent;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import com.sharefab.query.TestMongo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger projection against the embedded MongoDB wire server, through the real driver. */
class LedgerProjectionTest {

    private static final Instant AT = Instant.parse("2026-12-01T02:00:00Z");
    private static final long BIG = 3_000_000_000L;

    @AutoClose
    private static final TestMongo mongo = new TestMongo();

    private LedgerViews ledger;
    private LedgerProjection projection;

    @BeforeEach
    void setUp() {
        ledger = new LedgerViews(mongo.freshDatabase());
        projection = new LedgerProjection(ledger);
    }

    private static List<SettlementEvent> aReleasedAndPaidOutSettlement() {
        return List.of(
                new SettlementOpenedEvent("stl.o", "o", "buyer", "factory", Money.cny(BIG), 300, AT),
                new PaymentCapturedEvent("stl.o", "o", "pay_1", Money.cny(BIG), AT),
                new EscrowReleasedEvent("stl.o", "o", "r", Money.cny(BIG - 90_000_000), Money.cny(90_000_000), AT),
                new PayoutRequestedEvent("stl.o", "o", "r:payout", "factory", Money.cny(BIG - 90_000_000), AT),
                new FactoryPaidOutEvent("stl.o", "o", "r:payout", "po_1", Money.cny(BIG - 90_000_000), AT));
    }

    private void project(List<SettlementEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), i, AT.plusSeconds(i));
        }
    }

    @Test
    void on_settlementEvents_everyEntryBalancesAndFirmsSeeTheirMoney() {
        project(aReleasedAndPaidOutSettlement());

        assertThat(ledger.trialBalance()).singleElement().satisfies(trial -> {
            assertThat(trial.balanced()).isTrue();
            assertThat(trial.total()).isEqualTo(Money.cny(0));
        });
        assertThat(ledger.firmBalances("buyer")).extracting(LedgerViews.BalanceView::balance)
                .containsExactly(Money.cny(-BIG));
        assertThat(ledger.firmBalances("factory"))
                .extracting(LedgerViews.BalanceView::account, LedgerViews.BalanceView::balance)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("FACTORY", Money.cny(BIG - 90_000_000)),
                        org.assertj.core.groups.Tuple.tuple("FACTORY_PAYABLE", Money.cny(0)));
        assertThat(ledger.platformBalances())
                .extracting(LedgerViews.BalanceView::account, LedgerViews.BalanceView::balance)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ESCROW", Money.cny(0)),
                        org.assertj.core.groups.Tuple.tuple("PLATFORM_COMMISSION", Money.cny(90_000_000)),
                        org.assertj.core.groups.Tuple.tuple("PROVIDER_CLEARING", Money.cny(0)));
    }

    @Test
    void on_eventsDeliveredTwice_booksThemOnce() {
        project(aReleasedAndPaidOutSettlement());
        project(aReleasedAndPaidOutSettlement());

        assertThat(ledger.firmBalances("buyer")).extracting(LedgerViews.BalanceView::balance)
                .containsExactly(Money.cny(-BIG));
        assertThat(ledger.operations()).extracting(LedgerViews.Operation::kind)
                .containsExactly("PAYMENT_CAPTURED", "FACTORY_PAID_OUT");
    }

    @Test
    void statement_pagedByKey_walksEveryLineOnce() {
        project(aReleasedAndPaidOutSettlement());

        var first = ledger.statement("factory", null, 2);
        var rest = ledger.statement("factory", LedgerViews.sortKey(first.get(1)), 10);

        assertThat(first).extracting(LedgerViews.LineView::kind).containsExactly("ESCROW_RELEASED", "PAYOUT_REQUESTED");
        assertThat(rest).extracting(LedgerViews.LineView::kind).containsExactly("FACTORY_PAID_OUT");
    }
}
