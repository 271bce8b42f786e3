package com.sharefab.query.ledger;

/** The ledger's accounts; the firm accounts are kept per firm. */
public enum LedgerAccount {
    /** A buyer firm: minus what it paid in, plus what was refunded. */
    BUYER(true),
    /** The platform's escrow: what is held for orders. */
    ESCROW(false),
    /** What a factory firm is owed and not yet paid out. */
    FACTORY_PAYABLE(true),
    /** What was paid out to a factory firm. */
    FACTORY(true),
    /** The platform's commission earned. */
    PLATFORM_COMMISSION(false),
    /** Refunds and payouts handed to the provider and not yet confirmed by it. */
    PROVIDER_CLEARING(false);

    private final boolean perFirm;

    LedgerAccount(boolean perFirm) {
        this.perFirm = perFirm;
    }

    /** Whether the account is kept per firm. */
    public boolean perFirm() {
        return perFirm;
    }
}
