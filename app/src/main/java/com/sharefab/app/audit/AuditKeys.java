package com.sharefab.app.audit;

import com.sharefab.audit.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform's checkpoint key and how often it signs: every {@code sharefab.audit.checkpoint-interval} events
 * (1000), and at the chain's head when the last checkpoint is older than {@code sharefab.audit.checkpoint-max-age}
 * (one minute), so a quiet period does not leave the newest events unsigned for long. The key file is {@code sharefab.audit.signing-key}
 * (default {@code <sharefab.data-dir>/audit/checkpoint-signing-key.pem}, its public half beside it as
 * {@code .pub.pem}). The embedded default generates it on first start; production sets
 * {@code sharefab.audit.generate-key=false} and mounts the key (every node the same), so a lost file stops the start
 * rather than silently starting a new key. With the in-memory embedded store (tests) the key lives in memory too.
 */
@Component
class AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);

    private final KeyPair keys;
    private final long checkpointInterval;
    private final Duration checkpointMaxAge;

    AuditKeys(
            @Value("${sharefab.audit.signing-key:}") String configuredKeyFile,
            @Value("${sharefab.data-dir:./data}") Path dataDirectory,
            @Value("${sharefab.mongodb.uri:}") String mongoUri,
            @Value("${sharefab.mongodb.embedded:disk}") String embeddedMode,
            @Value("${sharefab.audit.generate-key:true}") boolean generate,
            @Value("${sharefab.audit.checkpoint-interval:1000}") long checkpointInterval,
            @Value("${sharefab.audit.checkpoint-max-age:PT1M}") Duration checkpointMaxAge) {
        boolean ephemeralStore = mongoUri.isBlank() && "memory".equals(embeddedMode);
        Object keyFile;
        if (configuredKeyFile.isBlank() && ephemeralStore) {
            // The events vanish with the process (tests): so does the key, and nothing is written to disk.
            this.keys = SigningKeys.generate();
            keyFile = "in memory, like the store";
        } else {
            Path file = configuredKeyFile.isBlank()
                    ? dataDirectory.resolve("audit").resolve("checkpoint-signing-key.pem")
                    : Path.of(configuredKeyFile);
            try {
                this.keys = SigningKeys.loadOrGenerate(file, generate);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the audit signing key " + file, e);
            }
            keyFile = file;
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("sharefab.audit.checkpoint-interval must be at least 1");
        }
        this.checkpointInterval = checkpointInterval;
        this.checkpointMaxAge = checkpointMaxAge;
        log.info("audit checkpoints signed every {} events with key {} ({})", checkpointInterval,
                SigningKeys.fingerprint(keys.getPublic()), keyFile);
    }

    PrivateKey privateKey() {
        return keys.getPrivate();
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    long checkpointInterval() {
        return checkpointInterval;
    }

    /** A chain head older than this that is not signed gets a checkpoint of its own (quiet periods). */
    Duration checkpointMaxAge() {
        return checkpointMaxAge;
    }
}
