package com.sharefab.query.ledger;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Balances, statements and the trial balance. A firm's balances and statement are its own users' (a buyer its
 * payments and refunds, a factory its earnings and payouts), and every firm's for auditors and the operator; another
 * firm's answer empty, as if it had none. The platform's accounts and the trial balance are for auditors and the
 * operator only ({@code @access}).
 */
@Controller
class LedgerQueryController {

    private final LedgerViews ledger;

    LedgerQueryController(LedgerViews ledger) {
        this.ledger = ledger;
    }

    @QueryMapping
    List<LedgerViews.BalanceView> firmBalances(
            @Argument String firmId, @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        if (!Access.mayRead(actor, firmId)) {
            return List.of();
        }
        return ledger.firmBalances(firmId);
    }

    @QueryMapping
    List<LedgerViews.BalanceView> platformBalances(@ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        requirePlatformReader(actor);
        return ledger.platformBalances();
    }

    @QueryMapping
    List<LedgerViews.TrialBalanceView> trialBalance(@ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        requirePlatformReader(actor);
        return ledger.trialBalance();
    }

    @QueryMapping
    Connection<LedgerViews.LineView> firmStatement(
            @Argument String firmId,
            @Argument Integer first,
            @Argument String after,
            @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        int size = Cursors.pageSize(first);
        String afterKey = Cursors.decode(after);
        if (!Access.mayRead(actor, firmId)) {
            return Cursors.page(List.of(), size, afterKey != null, LedgerViews::sortKey);
        }
        return Cursors.page(ledger.statement(firmId, afterKey, size + 1), size, afterKey != null, LedgerViews::sortKey);
    }

    /** The platform's own accounts: auditors and the operator (the directive says so too; this holds without it). */
    private static void requirePlatformReader(Actor actor) {
        Access.requireRole(actor, Access.AUDITOR, Access.OPERATOR);
    }
}
