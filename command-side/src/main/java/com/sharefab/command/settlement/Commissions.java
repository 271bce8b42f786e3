package com.sharefab.command.settlement;

import java.math.BigInteger;

/**
 * The commission rule, to the fen: {@code commission = amount × basisPoints / 10000} rounded half up (四舍五入) to
 * a whole fen; the factory gets the rest, so release + commission is exactly the amount released.
 */
public final class Commissions {

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    private static final BigInteger HALF = BigInteger.valueOf(5_000);

    private Commissions() {}

    /** The commission on {@code fen} at {@code basisPoints}; exact for every long amount. */
    public static long of(long fen, int basisPoints) {
        if (fen < 0 || basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("amount " + fen + " at " + basisPoints + " bp");
        }
        return BigInteger.valueOf(fen)
                .multiply(BigInteger.valueOf(basisPoints))
                .add(HALF)
                .divide(TEN_THOUSAND)
                .longValueExact();
    }
}
