package com.sharefab.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A chain link signed by the platform key (Ed25519). The signed message is the UTF-8 text
 * {@code sharefab-audit-checkpoint-v1:<globalIndex>:<link hex>}.
 *
 * @param globalIndex the position whose link is signed
 * @param link        the link (hex) at that position
 * @param signature   the Ed25519 signature, base64
 * @param signedAt    when it was signed (informational, not signed)
 */
public record Checkpoint(long globalIndex, String link, String signature, Instant signedAt) {

    /** Signs the link at {@code globalIndex}. */
    public static Checkpoint sign(long globalIndex, String link, PrivateKey key, Instant now) {
        try {
            Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
            signer.initSign(key);
            signer.update(message(globalIndex, link));
            return new Checkpoint(globalIndex, link, Base64.getEncoder().encodeToString(signer.sign()), now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign checkpoint " + globalIndex, e);
        }
    }

    /** Whether the signature is the key's over this checkpoint's index and link. */
    public boolean isSignedBy(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message(globalIndex, link));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] message(long globalIndex, String link) {
        return ("sharefab-audit-checkpoint-v1:" + globalIndex + ":" + link).getBytes(StandardCharsets.UTF_8);
    }
}
