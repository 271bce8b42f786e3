package com.sharefab.events;

import java.util.Objects;

/**
 * An amount of money in whole fen (分, 1/100 yuan) of one currency; never floating point.
 *
 * @param fen      the amount in the currency's minor unit
 * @param currency the ISO 4217 code, {@code CNY} for now
 */
public record Money(long fen, String currency) {

    /** The only currency the platform settles in today. */
    public static final String CNY = "CNY";

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    /** An amount in fen of Chinese yuan. */
    public static Money cny(long fen) {
        return new Money(fen, CNY);
    }

    /** This amount plus {@code other}, which must be in the same currency; fails on overflow. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(fen, other.fen), currency);
    }

    /** This amount minus {@code other}, which must be in the same currency; fails on overflow. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(fen, other.fen), currency);
    }

    /** This amount times a whole quantity; fails on overflow. */
    public Money times(long quantity) {
        return new Money(Math.multiplyExact(fen, quantity), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }
}
