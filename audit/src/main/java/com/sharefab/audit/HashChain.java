package com.sharefab.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over the global order: {@code link(n) = SHA-256(link(n-1) ‖ canonical bytes of event n)}, with
 * {@code link(0)} = 32 zero bytes. Links are written as lower-case hex.
 */
public final class HashChain {

    /** The link before the first event: 32 zero bytes, in hex. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private HashChain() {}

    /** The link after {@code previousLink} (hex) for an event with these canonical bytes. */
    public static String link(String previousLink, byte[] canonicalBytes) {
        MessageDigest digest = sha256();
        digest.update(HEX.parseHex(previousLink));
        digest.update(canonicalBytes);
        return HEX.formatHex(digest.digest());
    }

    /** SHA-256 of the bytes, in hex: the event hash kept beside each link to tell what changed. */
    public static String hash(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
