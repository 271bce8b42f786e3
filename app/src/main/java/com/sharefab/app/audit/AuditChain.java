package com.sharefab.app.audit;

import com.sharefab.audit.AuditedEvent;
import com.sharefab.audit.ChainRecord;
import com.sharefab.audit.Checkpoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Extends the chain in global order up to a given index, reading the stored events themselves (not the deserialized
 * messages: the chain must cover the bytes that were written). Idempotent: a record already there is adopted as it is,
 * so a replay, a restart after a crash between the records and the head, or a second node changes nothing.
 */
@Component
class AuditChain {

    static final int WINDOW = 100;

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private final StoredEvents events;
    private final AuditChainStore store;
    private final AuditKeys keys;
    private final Clock clock;
    private Instant lastSigned = Instant.MIN;

    AuditChain(StoredEvents events, AuditChainStore store, AuditKeys keys) {
        this.events = events;
        this.store = store;
        this.keys = keys;
        this.clock = Clock.systemUTC();
    }

    /** Links every global index up to {@code target}. */
    synchronized void extendTo(long target) {
        AuditChainStore.Head head = store.head();
        long linked = head.globalIndex();
        String link = head.link();
        while (linked < target) {
            long from = linked + 1;
            long to = Math.min(target, linked + WINDOW);
            Map<Long, ChainRecord> existing = store.records(from, to);
            Map<Long, AuditedEvent> stored = events.window(from, to);
            List<BsonDocument> inserts = new ArrayList<>();
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (long index = from; index <= to; index++) {
                ChainRecord record = existing.get(index);
                if (record == null) {
                    AuditedEvent event = stored.get(index);
                    if (event == null) {
                        log.warn("audit chain: global index {} holds no event; linked as a gap", index);
                        record = ChainRecord.absent(index, link);
                    } else {
                        record = ChainRecord.of(event, link);
                    }
                    inserts.add(AuditChainStore.document(record, event));
                }
                link = record.link();
                boolean due = index == target && lastSigned.isBefore(clock.instant().minus(keys.checkpointMaxAge()));
                if (index % keys.checkpointInterval() == 0 || due) {
                    checkpoints.add(Checkpoint.sign(index, link, keys.privateKey(), clock.instant()));
                    lastSigned = clock.instant();
                }
            }
            store.insert(inserts);
            checkpoints.forEach(store::insert);
            linked = to;
            store.moveHead(new AuditChainStore.Head(linked, link));
        }
    }
}
