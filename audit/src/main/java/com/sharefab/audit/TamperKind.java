package com.sharefab.audit;

/** What the verifier found wrong at the first bad position. */
public enum TamperKind {
    /** The event at this position is not the one that was linked: same id, other content, or another id in its place. */
    ALTERED,
    /** The event that was linked here is no longer in the store. */
    REMOVED,
    /** An event that was never linked now stands here (the linked one moved down). */
    INSERTED,
    /** The linked event is still in the store, but elsewhere; another linked event stands here. */
    REORDERED,
    /** The event is as linked, but the stored link or a stored link record is wrong or missing. */
    CHAIN_RECORD_ALTERED,
    /** The recomputed chain does not reach the signed link: the chain was rewritten before this checkpoint. */
    CHECKPOINT_MISMATCH,
    /** A checkpoint's signature is not the platform key's. */
    BAD_SIGNATURE
}
