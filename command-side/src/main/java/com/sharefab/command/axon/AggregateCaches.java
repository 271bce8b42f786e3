package com.sharefab.command.axon;

/**
 * Names of the aggregate caches ({@code @Aggregate(cache = ...)}), one per aggregate type: an id is only unique within
 * its type's cache. The application defines them as beans; each checks with the event store that an aggregate it hands
 * out is current (docs/adr/0013-aggregate-cache.md).
 */
public final class AggregateCaches {

    /** Capacity listings: few, hot (every reservation of a listing loads it), long streams. */
    public static final String LISTINGS = "listingCache";
    /** Orders: many, each handled a dozen times over its life. */
    public static final String ORDERS = "orderCache";
    /** Settlements: one per order, handled a few times over its life. */
    public static final String SETTLEMENTS = "settlementCache";

    private AggregateCaches() {}
}
