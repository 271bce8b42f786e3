package com.sharefab.app.audit;

import com.sharefab.audit.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform's checkpoint key and how often it signs. The key file is {@code sharefab.audit.signing-key}
 * (default {@code <sharefab.data-dir>/audit/checkpoint-signing-key.pem}, its public half beside it as
 * {@code .pub.pem}). The embedded default generates it on first start; production sets
 * {@code sharefab.audit.generate-key=false} and mounts the key (every node the same), so a lost file stops the start
 * rather than silently starting a new key.
 */
@Component
class AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);

    private final KeyPair keys;
    private final long checkpointInterval;

    AuditKeys(
            @Value("${sharefab.audit.signing-key:${sharefab.data-dir:./data}/audit/checkpoint-signing-key.pem}")
                    Path keyFile,
            @Value("${sharefab.audit.generate-key:true}") boolean generate,
            @Value("${sharefab.audit.checkpoint-interval:1000}") long checkpointInterval) {
        try {
            this.keys = SigningKeys.loadOrGenerate(keyFile, generate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the audit signing key " + keyFile, e);
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("sharefab.audit.checkpoint-interval must be at least 1");
        }
        this.checkpointInterval = checkpointInterval;
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
}
