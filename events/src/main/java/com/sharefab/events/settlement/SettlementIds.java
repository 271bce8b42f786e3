package com.sharefab.events.settlement;

/**
 * Settlement ids are derived from order ids. Aggregates of all types share one id space in the event store, and
 * client-chosen ids are letters, digits, {@code -} and {@code _} only, so the {@code .} keeps a settlement's
 * stream apart from any order's, listing's or firm's.
 */
public final class SettlementIds {

    private static final String PREFIX = "stl.";

    private SettlementIds() {}

    /** The id of the settlement that holds the money of order {@code orderId}. */
    public static String forOrder(String orderId) {
        return PREFIX + orderId;
    }

    /** The order whose money settlement {@code settlementId} holds. */
    public static String orderOf(String settlementId) {
        if (!settlementId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a settlement id: " + settlementId);
        }
        return settlementId.substring(PREFIX.length());
    }
}
