package com.sharefab.command.settlement;

/** The commission rate in force, for settlements opening now. */
public interface CommissionRates {

    /** Basis points (300 = 3 %). */
    int current();
}
