package com.sharefab.app.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every read model a replay can rebuild: its processing group, the collections it writes (their logical names,
 * which {@link ReadModelCollections} maps to physical ones) and the classes that make it (repositories first, the
 * projection with its {@code @EventHandler}s last), instantiated afresh for a rebuild.
 */
final class ReadModels {

    /** One read model. */
    record ReadModel(String group, List<String> collections, List<String> classes) {

        String projectionClass() {
            return classes.get(classes.size() - 1);
        }
    }

    static final Map<String, ReadModel> ALL = new LinkedHashMap<>();

    static {
        add("firm-views", List.of("firm_views"),
                "com.sharefab.query.firm.FirmViews", "com.sharefab.query.firm.FirmProjection");
        add("listing-views", List.of("listing_views"),
                "com.sharefab.query.listing.ListingViews", "com.sharefab.query.listing.ListingProjection");
        add("reservation-holds", List.of("reservation_holds", "buyer_reservations"), "com.sharefab.query.listing.ReservationHolds");
        add("order-views", List.of("order_views", "buyer_unpaid_orders"),
                "com.sharefab.query.order.OrderViews", "com.sharefab.query.order.OrderProjection");
        add("settlement-views", List.of("settlement_views"),
                "com.sharefab.query.settlement.SettlementViews", "com.sharefab.query.settlement.SettlementProjection");
        add("ledger", List.of("ledger_lines", "ledger_parties"),
                "com.sharefab.query.ledger.LedgerViews", "com.sharefab.query.ledger.LedgerProjection");
    }

    private ReadModels() {}

    private static void add(String group, List<String> collections, String... classes) {
        ALL.put(group, new ReadModel(group, collections, List.of(classes)));
    }

    static Optional<ReadModel> of(String group) {
        return Optional.ofNullable(ALL.get(group));
    }

    /** Every logical collection name. */
    static Set<String> logicalNames() {
        return ALL.values().stream().flatMap(m -> m.collections().stream()).collect(Collectors.toUnmodifiableSet());
    }
}
