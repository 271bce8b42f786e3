package com.sharefab.app.audit;

import com.sharefab.audit.AuditedEvent;
import com.sharefab.audit.ChainRecord;
import com.sharefab.audit.ChainVerifier;
import com.sharefab.audit.Checkpoint;
import com.sharefab.audit.Finding;
import com.sharefab.audit.HashChain;
import com.sharefab.audit.SigningKeys;
import com.sharefab.audit.VerificationResult;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Verifies the whole store: re-reads every event in global order up to the chain's head, in windows, recomputes the
 * chain from the first link and checks every signed checkpoint ({@link ChainVerifier}). Events past the head are
 * counted, not judged: the chain has not linked them yet.
 */
@Component
class StoreVerifier {

    private final StoredEvents events;
    private final AuditChainStore store;
    private final AuditKeys keys;

    StoreVerifier(StoredEvents events, AuditChainStore store, AuditKeys keys) {
        this.events = events;
        this.store = store;
        this.keys = keys;
    }

    VerificationResult verify() {
        long head = store.head().globalIndex();
        String fingerprint = SigningKeys.fingerprint(keys.publicKey());
        var verifier = new ChainVerifier(HashChain.GENESIS, keys.publicKey(), new ChainVerifier.Lookup() {
            @Override
            public OptionalLong storeIndexOf(String eventIdentifier) {
                return events.indexOf(eventIdentifier);
            }

            @Override
            public OptionalLong chainIndexOf(String eventIdentifier) {
                return store.indexOf(eventIdentifier);
            }
        });
        for (long from = 1; from <= head; from += AuditChain.WINDOW) {
            long to = Math.min(head, from + AuditChain.WINDOW - 1);
            Map<Long, AuditedEvent> found = events.window(from, to);
            Map<Long, ChainRecord> records = store.records(from, to);
            Map<Long, Checkpoint> checkpoints = store.checkpoints(from, to);
            for (long index = from; index <= to; index++) {
                Finding finding = verifier.check(index, found.get(index), records.get(index), checkpoints.get(index));
                if (finding != null) {
                    return new VerificationResult(1, head, verifier.positionsChecked(), verifier.checkpointsChecked(),
                            unchained(head), fingerprint, finding);
                }
            }
        }
        return new VerificationResult(1, head, verifier.positionsChecked(), verifier.checkpointsChecked(),
                unchained(head), fingerprint, null);
    }

    /** Events past the head, up to the first empty window. */
    private long unchained(long head) {
        long count = 0;
        for (long from = head + 1; ; from += AuditChain.WINDOW) {
            int found = events.window(from, from + AuditChain.WINDOW - 1).size();
            if (found == 0) {
                return count;
            }
            count += found;
        }
    }
}
