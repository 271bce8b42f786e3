package com.sharefab.command.payment;

import com.sharefab.command.axon.Commands;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Money;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.ledger.LedgerViews;
import graphql.GraphQLContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The {@code reconciliation} report, for the operator and auditors: the provider's records (its own listing, read
 * through the adapter) against what the ledger booked, matched by operation id (the idempotency key): paid payments
 * against captures, refunds against confirmed refunds, payouts against confirmed payouts. Every difference is
 * listed: executed at the provider and not booked (a lost notification or answer, a rejected notification, an
 * operation still in flight), booked and not at the provider, or booked with another amount. Lives beside the
 * adapter because it reads the provider.
 */
@Controller
class ReconciliationController {

    private final PaymentProvider provider;
    private final LedgerViews ledger;
    private final Clock clock = Clock.systemUTC();

    ReconciliationController(PaymentProvider provider, LedgerViews ledger) {
        this.provider = provider;
        this.ledger = ledger;
    }

    /** GraphQL {@code ReconciliationReport}. */
    record Report(
            String id, Instant generatedAt, int providerRecords, int ledgerOperations, List<Difference> differences) {

        public boolean balanced() {
            return differences.isEmpty();
        }
    }

    /** GraphQL {@code ReconciliationDifference}. */
    record Difference(
            String id,
            String kind,
            String operationType,
            String operationId,
            String providerId,
            Money providerAmount,
            Money ledgerAmount,
            String description) {}

    @QueryMapping
    Report reconciliation(GraphQLContext context) {
        var actor = Commands.actor(context);
        if (!Access.readsEverything(actor)) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the operator and auditors reconcile");
        }
        return compare(provider.records(), ledger.operations(), Instant.now(clock));
    }

    static Report compare(List<PaymentProvider.ProviderRecord> records, List<LedgerViews.Operation> operations, Instant at) {
        // Ledger side keyed by what the provider knows: captures by provider payment id, the rest by operation id.
        Map<String, LedgerViews.Operation> booked = new HashMap<>();
        for (var operation : operations) {
            booked.put(key(type(operation.kind()), operation.operationId()), operation);
        }
        var differences = new ArrayList<Difference>();
        int counted = 0;
        for (var record : records) {
            if ("PAYMENT".equals(record.type()) && !"PAID".equals(record.status())) {
                continue; // created, never paid: no money moved
            }
            counted++;
            String matchId = "PAYMENT".equals(record.type()) ? record.id() : record.idempotencyKey();
            var operation = booked.remove(key(record.type(), matchId));
            if (operation == null) {
                differences.add(new Difference(
                        "difference:" + record.type() + ":" + record.id(),
                        "AT_PROVIDER_NOT_IN_LEDGER",
                        record.type(),
                        record.idempotencyKey(),
                        record.id(),
                        record.amount(),
                        null,
                        record.type().toLowerCase() + " " + record.id() + " (" + record.idempotencyKey()
                                + ") was executed by the provider and is not booked"));
            } else if (!Objects.equals(operation.amount(), record.amount())) {
                differences.add(new Difference(
                        "difference:" + record.type() + ":" + record.id(),
                        "AMOUNT_DIFFERS",
                        record.type(),
                        operation.operationId(),
                        record.id(),
                        record.amount(),
                        operation.amount(),
                        "the provider shows " + record.amount().fen() + " fen, the ledger " + operation.amount().fen()));
            }
        }
        for (var operation : booked.values()) {
            differences.add(new Difference(
                    "difference:" + operation.kind() + ":" + operation.operationId(),
                    "IN_LEDGER_NOT_AT_PROVIDER",
                    type(operation.kind()),
                    operation.operationId(),
                    null,
                    null,
                    operation.amount(),
                    operation.kind() + " " + operation.operationId() + " of settlement " + operation.settlementId()
                            + " is booked and the provider has no record of it"));
        }
        return new Report("reconciliation:" + at, at, counted, operations.size(), differences);
    }

    private static String type(String kind) {
        return switch (kind) {
            case "PAYMENT_CAPTURED" -> "PAYMENT";
            case "PAYMENT_REFUNDED" -> "REFUND";
            default -> "PAYOUT";
        };
    }

    private static String key(String type, String id) {
        return type + " " + id;
    }
}
