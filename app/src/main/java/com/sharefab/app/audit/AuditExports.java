package com.sharefab.app.audit;

import com.sharefab.audit.AuditBundle;
import com.sharefab.audit.AuditedEvent;
import com.sharefab.audit.BundleManifest;
import com.sharefab.audit.ChainRecord;
import com.sharefab.audit.Checkpoint;
import com.sharefab.audit.HashChain;
import com.sharefab.audit.SigningKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes export bundles for a time range to files under {@code <sharefab.data-dir>/audit/exports} and hands them out
 * by an unguessable download token for {@value #KEEP_MINUTES} minutes. The bundle's range is the global indexes from
 * the first to the last linked event whose timestamp lies in [from, to) (timestamps are only roughly ordered, so events
 * in between are included whatever their timestamp: the chain needs every position). The export signs a checkpoint at
 * its last position if none is stored there, so every bundle ends on a signature.
 */
@Component
class AuditExports {

    static final long KEEP_MINUTES = 60;

    /** A bundle ready for download. */
    record Export(String token, Path file, String fileName, long firstGlobalIndex, long lastGlobalIndex, long events,
            String sha256, Instant expiresAt) {}

    private final StoredEvents events;
    private final AuditChainStore store;
    private final AuditKeys keys;
    private final Path directory;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Export> exports = new ConcurrentHashMap<>();

    AuditExports(StoredEvents events, AuditChainStore store, AuditKeys keys,
            @Value("${sharefab.audit.export-dir:${sharefab.data-dir:./data}/audit/exports}") Path directory) {
        this.events = events;
        this.store = store;
        this.keys = keys;
        this.directory = directory;
    }

    Export export(Instant from, Instant to) {
        forgetExpired();
        OptionalLong firstFound = store.edge(from, to, true);
        long first = firstFound.orElse(1);
        long last = firstFound.isPresent() ? store.edge(from, to, false).orElseThrow() : 0;
        String previousLink = HashChain.GENESIS;
        if (first > 1) {
            ChainRecord before = store.record(first - 1);
            if (before == null) {
                throw new IllegalStateException("the chain record before global index " + first
                        + " is missing: run verifyEventStore");
            }
            previousLink = before.link();
        }
        Instant now = clock.instant();
        var manifest = new BundleManifest(from, to, first, last, previousLink, now,
                SigningKeys.fingerprint(keys.publicKey()));
        byte[] tokenBytes = new byte[32];
        random.nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        String fileName = "sharefab-audit-" + first + "-" + last + ".zip";
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(token + ".zip");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256);
                    var writer = new AuditBundle.Writer(out, manifest, keys.publicKey())) {
                for (long from1 = first; from1 <= last; from1 += AuditChain.WINDOW) {
                    for (AuditedEvent event : events.window(from1, Math.min(last, from1 + AuditChain.WINDOW - 1))
                            .values()) {
                        writer.event(event);
                        count++;
                    }
                }
                ChainRecord lastRecord = null;
                for (long from1 = first; from1 <= last; from1 += AuditChain.WINDOW) {
                    for (ChainRecord record : store.records(from1, Math.min(last, from1 + AuditChain.WINDOW - 1))
                            .values()) {
                        writer.chain(record);
                        lastRecord = record;
                    }
                }
                boolean endSigned = false;
                for (long from1 = first; from1 <= last; from1 += AuditChain.WINDOW) {
                    for (Checkpoint checkpoint : store.checkpoints(from1, Math.min(last, from1 + AuditChain.WINDOW - 1))
                            .values()) {
                        writer.checkpoint(checkpoint);
                        endSigned |= checkpoint.globalIndex() == last;
                    }
                }
                if (!endSigned && lastRecord != null && lastRecord.globalIndex() == last) {
                    // Signs the link as the chain recorded it: the bundle shows any event that disagrees with it.
                    writer.checkpoint(Checkpoint.sign(last, lastRecord.link(), keys.privateKey(), now));
                }
            }
            var export = new Export(token, file, fileName, first, last, count,
                    HexFormat.of().formatHex(sha256.digest()), now.plus(Duration.ofMinutes(KEEP_MINUTES)));
            exports.put(token, export);
            return export;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Export> find(String token) {
        forgetExpired();
        return Optional.ofNullable(exports.get(token));
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        exports.values().removeIf(export -> {
            if (export.expiresAt().isBefore(now)) {
                try {
                    Files.deleteIfExists(export.file());
                } catch (IOException ignored) {
                    // deleted on a later call
                }
                return true;
            }
            return false;
        });
    }
}
