package com.sharefab.query.ledger;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.SettlementEvent;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The double-entry ledger: one document per line in {@code ledger_lines}, keyed {@code settlementId:sequence:n}, so
 * an event projected twice writes the same lines; the firms of each settlement in {@code ledger_parties}. Balances
 * are sums of lines (small books; a larger platform would keep running balances per account).
 */
@Component
public class LedgerViews {

    static final String LINES = "ledger_lines";
    static final String PARTIES = "ledger_parties";

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> parties;

    LedgerViews(MongoDatabase database) {
        this.lines = database.getCollection(LINES);
        this.parties = database.getCollection(PARTIES);
    }

    /** A line of a statement (GraphQL {@code LedgerLine}). */
    public record LineView(
            String id,
            String entryId,
            String kind,
            String operationId,
            String account,
            String firmId,
            String settlementId,
            String orderId,
            Money amount,
            Instant postedAt) {}

    /** An account's balance (GraphQL {@code LedgerBalance}); id {@code account[:firmId]:currency}. */
    public record BalanceView(String id, String account, String firmId, Money balance) {}

    /** The sum of all balances of one currency (GraphQL {@code TrialBalance}). */
    public record TrialBalanceView(String id, String currency, Money total, boolean balanced, long lines) {}

    /** A money operation as the ledger booked it, for reconciliation. */
    public record Operation(String kind, String operationId, String settlementId, Money amount) {}

    void post(SettlementEvent event, long sequence, Instant at) {
        if (event instanceof SettlementOpenedEvent opened) {
            parties.replaceOne(
                    new Document("_id", opened.settlementId()),
                    new Document("_id", opened.settlementId())
                            .append("buyerFirmId", opened.buyerFirmId())
                            .append("factoryFirmId", opened.factoryFirmId()),
                    new ReplaceOptions().upsert(true));
            return;
        }
        var entries = LedgerPostings.of(event, party(event, "buyerFirmId"), party(event, "factoryFirmId"));
        for (int e = 0; e < entries.size(); e++) {
            var entry = entries.get(e);
            String entryId = event.settlementId() + ":" + String.format("%08d", sequence) + ":" + e;
            for (int n = 0; n < entry.lines().size(); n++) {
                var line = entry.lines().get(n);
                String id = entryId + ":" + n;
                var document = new Document("_id", id)
                        .append("sortKey", String.format("%015d", at.toEpochMilli()) + "|" + id)
                        .append("entryId", entryId)
                        .append("kind", entry.kind())
                        .append("operationId", entry.operationId())
                        .append("account", line.account().name())
                        .append("firmId", line.firmId())
                        .append("settlementId", event.settlementId())
                        .append("orderId", event.orderId())
                        .append("fen", line.amount().fen())
                        .append("currency", line.amount().currency())
                        .append("postedAt", Date.from(at));
                lines.replaceOne(new Document("_id", id), document, new ReplaceOptions().upsert(true));
            }
        }
    }

    private String party(SettlementEvent event, String field) {
        var document = parties.find(new Document("_id", event.settlementId())).first();
        return document == null ? null : document.getString(field);
    }

    void clear() {
        lines.deleteMany(new Document());
        parties.deleteMany(new Document());
    }

    /** Balances of a firm's accounts. */
    public List<BalanceView> firmBalances(String firmId) {
        return balances(eq("firmId", firmId));
    }

    /** Balances of the platform's own accounts. */
    public List<BalanceView> platformBalances() {
        return balances(in("account", LedgerAccount.ESCROW.name(), LedgerAccount.PLATFORM_COMMISSION.name(),
                LedgerAccount.PROVIDER_CLEARING.name()));
    }

    /** The sum of every line per currency: zero when the books balance. */
    public List<TrialBalanceView> trialBalance() {
        var totals = new TreeMap<String, long[]>();
        for (var document : lines.find()) {
            var total = totals.computeIfAbsent(document.getString("currency"), c -> new long[2]);
            total[0] = Math.addExact(total[0], document.getLong("fen"));
            total[1]++;
        }
        return totals.entrySet().stream()
                .map(t -> new TrialBalanceView(
                        "trial-balance:" + t.getKey(),
                        t.getKey(),
                        new Money(t.getValue()[0], t.getKey()),
                        t.getValue()[0] == 0,
                        t.getValue()[1]))
                .toList();
    }

    /** Up to {@code limit} lines of a firm's accounts after {@code afterKey} (all if null), oldest first. */
    public List<LineView> statement(String firmId, String afterKey, int limit) {
        Bson filter = afterKey == null ? eq("firmId", firmId) : and(eq("firmId", firmId), gt("sortKey", afterKey));
        return lines.find(filter).sort(Sorts.ascending("sortKey")).limit(limit).map(LedgerViews::toLine)
                .into(new ArrayList<>());
    }

    /** The sort key of a line (its cursor). */
    public static String sortKey(LineView line) {
        return String.format("%015d", line.postedAt().toEpochMilli()) + "|" + line.id();
    }

    /** Captures, confirmed refunds and confirmed payouts as booked, for reconciliation. */
    public List<Operation> operations() {
        var operations = new ArrayList<Operation>();
        var filter = and(
                in("kind", "PAYMENT_CAPTURED", "PAYMENT_REFUNDED", "FACTORY_PAID_OUT"),
                in("account", LedgerAccount.ESCROW.name(), LedgerAccount.BUYER.name(), LedgerAccount.FACTORY.name()));
        for (var document : lines.find(filter).sort(Sorts.ascending("sortKey"))) {
            if (document.getLong("fen") > 0) { // the receiving line: one per entry
                operations.add(new Operation(
                        document.getString("kind"),
                        document.getString("operationId"),
                        document.getString("settlementId"),
                        new Money(document.getLong("fen"), document.getString("currency"))));
            }
        }
        return operations;
    }

    private List<BalanceView> balances(Bson filter) {
        Map<String, BalanceView> balances = new TreeMap<>();
        for (var document : lines.find(filter)) {
            String account = document.getString("account");
            String firmId = document.getString("firmId");
            String currency = document.getString("currency");
            String id = account + (firmId == null ? "" : ":" + firmId) + ":" + currency;
            var amount = new Money(document.getLong("fen"), currency);
            balances.merge(id, new BalanceView(id, account, firmId, amount),
                    (a, b) -> new BalanceView(id, account, firmId, a.balance().plus(b.balance())));
        }
        return List.copyOf(balances.values());
    }

    private static LineView toLine(Document d) {
        return new LineView(
                d.getString("_id"),
                d.getString("entryId"),
                d.getString("kind"),
                d.getString("operationId"),
                d.getString("account"),
                d.getString("firmId"),
                d.getString("settlementId"),
                d.getString("orderId"),
                new Money(d.getLong("fen"), d.getString("currency")),
                d.getDate("postedAt").toInstant());
    }
}
