package com.sharefab.query.ledger;

import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Balances, statements and the trial balance. */
@Controller
class LedgerQueryController {

    private final LedgerViews ledger;

    LedgerQueryController(LedgerViews ledger) {
        this.ledger = ledger;
    }

    @QueryMapping
    List<LedgerViews.BalanceView> firmBalances(@Argument String firmId) {
        return ledger.firmBalances(firmId);
    }

    @QueryMapping
    List<LedgerViews.BalanceView> platformBalances() {
        return ledger.platformBalances();
    }

    @QueryMapping
    List<LedgerViews.TrialBalanceView> trialBalance() {
        return ledger.trialBalance();
    }

    @QueryMapping
    Connection<LedgerViews.LineView> firmStatement(
            @Argument String firmId, @Argument Integer first, @Argument String after) {
        int size = Cursors.pageSize(first);
        String afterKey = Cursors.decode(after);
        return Cursors.page(ledger.statement(firmId, afterKey, size + 1), size, afterKey != null, LedgerViews::sortKey);
    }
}
