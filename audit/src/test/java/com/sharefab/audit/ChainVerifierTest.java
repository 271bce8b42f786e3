package com.sharefab.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainVerifierTest {

    private static final KeyPair KEY = SigningKeys.generate();
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    @TempDir
    Path temp;

    @Test
    void canonicalBytes_keyOrderInPayload_doesNotMatter_butTypesDo() {
        var a = event(1, "e1", new BsonDocument("x", new BsonInt32(1)).append("y", new BsonString("z")));
        var b = event(1, "e1", new BsonDocument("y", new BsonString("z")).append("x", new BsonInt32(1)));
        var c = event(1, "e1", new BsonDocument("x", new BsonInt64(1)).append("y", new BsonString("z")));
        assertThat(CanonicalEncoding.of(a)).isEqualTo(CanonicalEncoding.of(b));
        assertThat(CanonicalEncoding.of(a)).isNotEqualTo(CanonicalEncoding.of(c));
    }

    @Test
    void verify_untouchedBundle_isOk() throws IOException {
        var result = verify(events(12), UnaryOperator.identity());
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.positionsChecked()).isEqualTo(12);
        assertThat(result.checkpointsChecked()).isEqualTo(3); // 5, 10 and the export's own at 12
    }

    @Test
    void verify_oneByteFlipped_namesThatEventAsAltered() throws IOException {
        var result = verify(events(12), list -> {
            var event = list.get(6);
            var document = event.document().clone();
            document.getDocument("payload").put("note", new BsonString("note-7".replace('7', '8')));
            list.set(6, new AuditedEvent(event.globalIndex(), document));
            return list;
        });
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind, Finding::expectedEventId)
                .containsExactly(7L, TamperKind.ALTERED, "event-7");
    }

    @Test
    void verify_oneRemoved_namesIt() throws IOException {
        var result = verify(events(12), list -> {
            list.remove(3);
            return list;
        });
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind, Finding::expectedEventId)
                .containsExactly(4L, TamperKind.REMOVED, "event-4");
    }

    @Test
    void verify_removedAndTheRestMovedUp_namesTheRemovedOne() throws IOException {
        var result = verify(events(12), list -> {
            list.remove(3);
            List<AuditedEvent> shifted = new ArrayList<>();
            list.forEach(e -> shifted.add(new AuditedEvent(e.globalIndex() > 4 ? e.globalIndex() - 1 : e.globalIndex(),
                    e.document())));
            return shifted;
        });
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind, Finding::expectedEventId,
                Finding::foundEventId).containsExactly(4L, TamperKind.REMOVED, "event-4", "event-5");
    }

    @Test
    void verify_twoSwapped_namesTheFirstPosition() throws IOException {
        var result = verify(events(12), list -> {
            var a = list.get(2);
            var b = list.get(8);
            list.set(2, new AuditedEvent(3, b.document()));
            list.set(8, new AuditedEvent(9, a.document()));
            return list;
        });
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind, Finding::expectedEventId,
                Finding::foundEventId).containsExactly(3L, TamperKind.REORDERED, "event-3", "event-9");
    }

    @Test
    void verify_inserted_namesTheNewcomer() throws IOException {
        var result = verify(events(12), list -> {
            List<AuditedEvent> shifted = new ArrayList<>();
            for (var e : list) {
                if (e.globalIndex() == 5) {
                    shifted.add(event(5, "intruder", new BsonDocument()));
                }
                shifted.add(new AuditedEvent(e.globalIndex() >= 5 ? e.globalIndex() + 1 : e.globalIndex(),
                        e.document()));
            }
            return shifted.subList(0, 12);
        });
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind, Finding::foundEventId)
                .containsExactly(5L, TamperKind.INSERTED, "intruder");
    }

    @Test
    void verify_chainRelinkedAfterAlteration_isCaughtByTheSignedCheckpoint() throws IOException {
        var events = events(12);
        var altered = new ArrayList<>(events);
        var document = altered.get(6).document().clone();
        document.put("payloadType", new BsonString("Forged"));
        altered.set(6, new AuditedEvent(7, document));
        // the forger relinks everything but cannot sign
        var relinked = chain(altered);
        var original = chain(events);
        var checkpoints = checkpoints(original, 12);
        var result = BundleVerifier.verify(new AuditBundle(manifest(12), altered, relinked, checkpoints, KEY.getPublic()),
                null);
        assertThat(result.finding()).extracting(Finding::globalIndex, Finding::kind)
                .containsExactly(10L, TamperKind.CHECKPOINT_MISMATCH);
    }

    @Test
    void verify_anotherKeyPinned_isRefused() throws IOException {
        var events = events(3);
        var chain = chain(events);
        var bundle = new AuditBundle(manifest(3), events, chain, checkpoints(chain, 3), KEY.getPublic());
        assertThat(BundleVerifier.verify(bundle, SigningKeys.generate().getPublic()).finding().kind())
                .isEqualTo(TamperKind.BAD_SIGNATURE);
        assertThat(BundleVerifier.verify(bundle, KEY.getPublic()).ok()).isTrue();
    }

    @Test
    void main_onAFile_printsAndExits() throws IOException {
        var events = events(6);
        Path file = temp.resolve("bundle.zip");
        Files.write(file, zip(events, chain(events)));
        assertThat(VerifierMain.run(new String[] {file.toString()})).isZero();
        var tampered = new ArrayList<>(events);
        Collections.swap(tampered, 0, 1);
        Files.write(file, zip(List.of(new AuditedEvent(1, events.get(1).document()),
                new AuditedEvent(2, events.get(0).document())), chain(events)));
        assertThat(VerifierMain.run(new String[] {file.toString()})).isOne();
        Path key = temp.resolve("key.pem");
        Files.writeString(key, SigningKeys.toPem(KEY.getPublic()));
        Files.write(file, zip(events, chain(events)));
        assertThat(VerifierMain.run(new String[] {file.toString(), "--key", key.toString()})).isZero();
    }

    @Test
    void signingKeys_generatedOnce_thenLoaded(@TempDir Path dir) throws IOException {
        var file = dir.resolve("audit/checkpoint-key.pem");
        var first = SigningKeys.loadOrGenerate(file, true);
        var again = SigningKeys.loadOrGenerate(file, false);
        assertThat(again.getPublic()).isEqualTo(first.getPublic());
        var checkpoint = Checkpoint.sign(5, HashChain.GENESIS, again.getPrivate(), T0);
        assertThat(checkpoint.isSignedBy(first.getPublic())).isTrue();
    }

    /** Exports the untouched chain, then tampers with the events only, as an attacker on the store would. */
    private VerificationResult verify(List<AuditedEvent> events, UnaryOperator<List<AuditedEvent>> tamper)
            throws IOException {
        var chain = chain(events);
        var tampered = tamper.apply(new ArrayList<>(events));
        return BundleVerifier.verify(new ByteArrayInputStream(zip(tampered, chain)), null);
    }

    private static byte[] zip(List<AuditedEvent> events, List<ChainRecord> chain) throws IOException {
        var out = new ByteArrayOutputStream();
        long last = chain.get(chain.size() - 1).globalIndex();
        try (var writer = new AuditBundle.Writer(out, manifest(last), KEY.getPublic())) {
            for (var event : events) {
                writer.event(event);
            }
            for (var record : chain) {
                writer.chain(record);
            }
            for (var checkpoint : checkpoints(chain, last)) {
                writer.checkpoint(checkpoint);
            }
        }
        return out.toByteArray();
    }

    private static List<ChainRecord> chain(List<AuditedEvent> events) {
        List<ChainRecord> chain = new ArrayList<>();
        String link = HashChain.GENESIS;
        for (var event : events) {
            var record = ChainRecord.of(event, link);
            chain.add(record);
            link = record.link();
        }
        return chain;
    }

    private static List<Checkpoint> checkpoints(List<ChainRecord> chain, long last) {
        return chain.stream()
                .filter(r -> r.globalIndex() % 5 == 0 || r.globalIndex() == last)
                .map(r -> Checkpoint.sign(r.globalIndex(), r.link(), KEY.getPrivate(), T0))
                .toList();
    }

    private static BundleManifest manifest(long last) {
        return new BundleManifest(T0, T0.plusSeconds(3600), 1, last, HashChain.GENESIS, T0,
                SigningKeys.fingerprint(KEY.getPublic()));
    }

    private static List<AuditedEvent> events(int count) {
        List<AuditedEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(event(i, "event-" + i, new BsonDocument("note", new BsonString("note-" + i))
                    .append("amount", new BsonInt64(100L * i))));
        }
        return events;
    }

    private static AuditedEvent event(long index, String id, BsonDocument payload) {
        return new AuditedEvent(index, new BsonDocument("eventIdentifier", new BsonString(id))
                .append("aggregateIdentifier", new BsonString("agg-" + (index % 3)))
                .append("aggregateType", new BsonString("Thing"))
                .append("sequenceNumber", new BsonInt64(index / 3))
                .append("timestamp", new BsonDateTime(T0.plusSeconds(index).toEpochMilli()))
                .append("payloadType", new BsonString("com.example.ThingHappened"))
                .append("payloadRevision", new BsonString("1"))
                .append("payload", payload)
                .append("metaData", new BsonDocument("actorId", new BsonString(UUID.nameUUIDFromBytes(
                        id.getBytes()).toString()))));
    }
}
