package com.sharefab.command.settlement;

/** Lets tests in other packages configure the package-private aggregate with Axon. */
public final class SettlementAggregate {

    private SettlementAggregate() {}

    /** The {@code Settlement} aggregate class. */
    @SuppressWarnings("unchecked")
    public static <T> Class<T> type() {
        return (Class<T>) Settlement.class;
    }
}
