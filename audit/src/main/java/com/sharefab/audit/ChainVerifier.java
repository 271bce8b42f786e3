package com.sharefab.audit;

import java.security.PublicKey;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Recomputes the chain position by position, in global order, and names the first position where the events, the
 * link records or the signed checkpoints disagree. Used by the platform over its store and offline over a bundle.
 *
 * <p>At each position the event found is compared with the chain record: the same id and hash is fine; otherwise where
 * the linked event and the found event are now tells the kind (see {@link TamperKind}). Then the link is recomputed
 * from the previous recomputed link (never from a stored one), compared with the record, and with a checkpoint if one
 * is signed there.
 */
public final class ChainVerifier {

    /** Where an event id is now, in the store (or bundle) and in the chain. */
    public interface Lookup {
        OptionalLong storeIndexOf(String eventIdentifier);

        OptionalLong chainIndexOf(String eventIdentifier);
    }

    private final PublicKey key;
    private final Lookup lookup;
    private String link;
    private long positions;
    private int checkpoints;

    public ChainVerifier(String previousLink, PublicKey key, Lookup lookup) {
        this.link = Objects.requireNonNull(previousLink, "previousLink");
        this.key = key;
        this.lookup = lookup;
    }

    /**
     * Checks one position.
     *
     * @param globalIndex the position, one after the previous call's
     * @param found       the event there now, or {@code null}
     * @param record      the chain record there, or {@code null}
     * @param checkpoint  the checkpoint signed there, or {@code null}
     * @return the finding, or {@code null} if the position is as linked
     */
    public Finding check(long globalIndex, AuditedEvent found, ChainRecord record, Checkpoint checkpoint) {
        positions++;
        String foundId = found == null ? null : found.eventIdentifier();
        if (record == null) {
            return new Finding(globalIndex, TamperKind.CHAIN_RECORD_ALTERED, null, foundId,
                    "the chain record of global index " + globalIndex + " is missing");
        }
        byte[] canonical;
        if (record.isGap()) {
            if (found != null) {
                return new Finding(globalIndex, TamperKind.INSERTED, null, foundId, "event " + foundId
                        + " stands at global index " + globalIndex + ", which was empty when it was linked");
            }
            canonical = CanonicalEncoding.ofAbsent(globalIndex);
        } else {
            Finding identity = identity(globalIndex, record.eventIdentifier(), found);
            if (identity != null) {
                return identity;
            }
            canonical = CanonicalEncoding.of(found);
            if (!HashChain.hash(canonical).equals(record.eventHash())) {
                return new Finding(globalIndex, TamperKind.ALTERED, record.eventIdentifier(), foundId,
                        "event " + foundId + " at global index " + globalIndex + " was altered after it was linked");
            }
        }
        link = HashChain.link(link, canonical);
        if (!link.equals(record.link())) {
            return new Finding(globalIndex, TamperKind.CHAIN_RECORD_ALTERED, record.eventIdentifier(), foundId,
                    "the stored link at global index " + globalIndex + " is not the recomputed one");
        }
        if (checkpoint != null) {
            checkpoints++;
            if (key == null || !checkpoint.isSignedBy(key)) {
                return new Finding(globalIndex, TamperKind.BAD_SIGNATURE, record.eventIdentifier(), foundId,
                        "the checkpoint at global index " + globalIndex + " is not signed by the platform key");
            }
            if (!checkpoint.link().equals(link)) {
                return new Finding(globalIndex, TamperKind.CHECKPOINT_MISMATCH, record.eventIdentifier(), foundId,
                        "the chain up to global index " + globalIndex
                                + " does not reach the signed link: the events and links before it were rewritten");
            }
        }
        return null;
    }

    private Finding identity(long globalIndex, String expected, AuditedEvent found) {
        if (found == null) {
            OptionalLong elsewhere = lookup.storeIndexOf(expected);
            return elsewhere.isPresent()
                    ? new Finding(globalIndex, TamperKind.REORDERED, expected, null, "event " + expected
                            + " was linked at global index " + globalIndex + " but is now at " + elsewhere.getAsLong())
                    : new Finding(globalIndex, TamperKind.REMOVED, expected, null, "event " + expected
                            + " at global index " + globalIndex + " was removed");
        }
        String foundId = found.eventIdentifier();
        if (expected.equals(foundId)) {
            return null;
        }
        OptionalLong expectedNow = lookup.storeIndexOf(expected);
        OptionalLong foundLinkedAt = foundId == null ? OptionalLong.empty() : lookup.chainIndexOf(foundId);
        if (expectedNow.isEmpty() && foundLinkedAt.isPresent()) {
            return new Finding(globalIndex, TamperKind.REMOVED, expected, foundId, "event " + expected
                    + " at global index " + globalIndex + " was removed (event " + foundId + ", linked at "
                    + foundLinkedAt.getAsLong() + ", moved up into its place)");
        }
        if (expectedNow.isEmpty()) {
            return new Finding(globalIndex, TamperKind.ALTERED, expected, foundId, "event " + expected
                    + " at global index " + globalIndex + " was replaced by " + foundId);
        }
        if (foundLinkedAt.isPresent()) {
            return new Finding(globalIndex, TamperKind.REORDERED, expected, foundId, "event " + expected
                    + " was linked at global index " + globalIndex + " but is now at " + expectedNow.getAsLong()
                    + "; event " + foundId + ", linked at " + foundLinkedAt.getAsLong() + ", stands here");
        }
        return new Finding(globalIndex, TamperKind.INSERTED, expected, foundId, "event " + foundId
                + " was inserted at global index " + globalIndex + " (event " + expected + " moved to "
                + expectedNow.getAsLong() + ")");
    }

    /** The last recomputed link. */
    public String link() {
        return link;
    }

    public long positionsChecked() {
        return positions;
    }

    public int checkpointsChecked() {
        return checkpoints;
    }
}
