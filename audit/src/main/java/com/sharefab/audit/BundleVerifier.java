package com.sharefab.audit;

import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Verifies an export bundle on its own: no platform, no database, only the bundle and, if given, a pinned key. */
public final class BundleVerifier {

    private BundleVerifier() {}

    /**
     * Checks a bundle.
     *
     * @param bundle    the zip
     * @param pinnedKey the platform key the auditor got from the platform itself; {@code null} to trust the bundle's
     *                  own key (then compare the printed fingerprint with the published one)
     */
    public static VerificationResult verify(InputStream bundle, PublicKey pinnedKey) throws IOException {
        return verify(AuditBundle.read(bundle), pinnedKey);
    }

    public static VerificationResult verify(AuditBundle bundle, PublicKey pinnedKey) {
        BundleManifest manifest = bundle.manifest();
        long first = manifest.firstGlobalIndex();
        long last = manifest.lastGlobalIndex();
        String fingerprint = SigningKeys.fingerprint(bundle.publicKey());
        if (pinnedKey != null && !SigningKeys.fingerprint(pinnedKey).equals(fingerprint)) {
            return result(manifest, 0, 0, fingerprint, new Finding(first, TamperKind.BAD_SIGNATURE, null, null,
                    "the bundle's key " + fingerprint + " is not the pinned platform key"));
        }
        Map<Long, AuditedEvent> events = new HashMap<>();
        Map<String, Long> eventIndexes = new HashMap<>();
        Finding duplicate = null;
        for (AuditedEvent event : bundle.events()) {
            if (events.putIfAbsent(event.globalIndex(), event) != null && duplicate == null) {
                duplicate = new Finding(event.globalIndex(), TamperKind.INSERTED, null, event.eventIdentifier(),
                        "a second event " + event.eventIdentifier() + " claims global index " + event.globalIndex());
            }
            if (event.eventIdentifier() != null) {
                eventIndexes.putIfAbsent(event.eventIdentifier(), event.globalIndex());
            }
        }
        Map<Long, ChainRecord> chain = new HashMap<>();
        Map<String, Long> chainIndexes = new HashMap<>();
        for (ChainRecord record : bundle.chain()) {
            chain.putIfAbsent(record.globalIndex(), record);
            if (record.eventIdentifier() != null) {
                chainIndexes.putIfAbsent(record.eventIdentifier(), record.globalIndex());
            }
        }
        Map<Long, Checkpoint> checkpoints = new HashMap<>();
        bundle.checkpoints().forEach(checkpoint -> checkpoints.putIfAbsent(checkpoint.globalIndex(), checkpoint));

        var verifier = new ChainVerifier(manifest.previousLink(), bundle.publicKey(), new ChainVerifier.Lookup() {
            @Override
            public OptionalLong storeIndexOf(String eventIdentifier) {
                Long index = eventIndexes.get(eventIdentifier);
                return index == null ? OptionalLong.empty() : OptionalLong.of(index);
            }

            @Override
            public OptionalLong chainIndexOf(String eventIdentifier) {
                Long index = chainIndexes.get(eventIdentifier);
                return index == null ? OptionalLong.empty() : OptionalLong.of(index);
            }
        });
        for (long index = first; index <= last; index++) {
            if (duplicate != null && duplicate.globalIndex() == index) {
                return result(manifest, verifier.positionsChecked(), verifier.checkpointsChecked(), fingerprint,
                        duplicate);
            }
            Finding finding = verifier.check(index, events.get(index), chain.get(index), checkpoints.get(index));
            if (finding != null) {
                return result(manifest, verifier.positionsChecked(), verifier.checkpointsChecked(), fingerprint,
                        finding);
            }
        }
        // Events outside the range are not covered by any link: they must not be there.
        for (AuditedEvent event : bundle.events()) {
            if (event.globalIndex() < first || event.globalIndex() > last) {
                return result(manifest, verifier.positionsChecked(), verifier.checkpointsChecked(), fingerprint,
                        new Finding(event.globalIndex(), TamperKind.INSERTED, null, event.eventIdentifier(),
                                "event " + event.eventIdentifier() + " lies outside the bundle's range"));
            }
        }
        // Without a signature at the end anyone could re-link the whole bundle: the last position must be signed.
        if (last >= first && !checkpoints.containsKey(last)) {
            return result(manifest, verifier.positionsChecked(), verifier.checkpointsChecked(), fingerprint,
                    new Finding(last, TamperKind.CHECKPOINT_MISMATCH, null, null,
                            "the bundle has no signed checkpoint at its last position " + last));
        }
        return result(manifest, verifier.positionsChecked(), verifier.checkpointsChecked(), fingerprint, null);
    }

    private static VerificationResult result(
            BundleManifest manifest, long positions, int checkpoints, String fingerprint, Finding finding) {
        return new VerificationResult(manifest.firstGlobalIndex(), manifest.lastGlobalIndex(), positions, checkpoints,
                0, fingerprint, finding);
    }
}
