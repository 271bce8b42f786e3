package com.sharefab.audit;

/**
 * What a verification found.
 *
 * @param firstGlobalIndex     the first position checked
 * @param lastGlobalIndex      the last position checked (the chain's head, or the bundle's end)
 * @param positionsChecked     how many positions were recomputed
 * @param checkpointsChecked   how many signed checkpoints were checked
 * @param unchainedEvents      events past the chain's head, not linked yet (the platform is catching up)
 * @param publicKeyFingerprint SHA-256 (hex) of the public key the checkpoints were checked against
 * @param finding              the first bad position, or {@code null} if there is none
 */
public record VerificationResult(
        long firstGlobalIndex,
        long lastGlobalIndex,
        long positionsChecked,
        int checkpointsChecked,
        long unchainedEvents,
        String publicKeyFingerprint,
        Finding finding) {

    public boolean ok() {
        return finding == null;
    }

    /** One line for people: OK with what was checked, or the first bad position. */
    public String describe() {
        if (ok()) {
            return "OK: global indexes " + firstGlobalIndex + ".." + lastGlobalIndex + " (" + positionsChecked
                    + " positions, " + checkpointsChecked + " signed checkpoints, key " + publicKeyFingerprint + ")";
        }
        return "TAMPERED at global index " + finding.globalIndex() + " (" + finding.kind() + "): expected event "
                + finding.expectedEventId() + ", found " + finding.foundEventId() + ". " + finding.message();
    }
}
