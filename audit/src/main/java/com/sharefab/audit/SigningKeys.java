package com.sharefab.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The platform's checkpoint key (Ed25519) in PEM files: {@code <name>.pem} holds the private key (PKCS#8, readable by
 * the owner only), {@code <name>.pub.pem} the public key (X.509 SubjectPublicKeyInfo) that auditors pin.
 */
public final class SigningKeys {

    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private SigningKeys() {}

    /** Loads the key pair at {@code privateKeyFile}, or generates and writes one if {@code generate} and none is there. */
    public static KeyPair loadOrGenerate(Path privateKeyFile, boolean generate) throws IOException {
        Path publicKeyFile = publicKeyFile(privateKeyFile);
        if (Files.exists(privateKeyFile)) {
            return new KeyPair(readPublicKey(Files.readString(publicKeyFile)), readPrivateKey(Files.readString(privateKeyFile)));
        }
        if (!generate) {
            throw new IOException("no audit signing key at " + privateKeyFile + " and generating one is switched off");
        }
        KeyPair pair = generate();
        Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
        Files.writeString(publicKeyFile, pem(PUBLIC, pair.getPublic().getEncoded()));
        Path temporary = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".tmp");
        Files.writeString(temporary, pem(PRIVATE, pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions have to protect it.
        }
        Files.move(temporary, privateKeyFile);
        return pair;
    }

    static Path publicKeyFile(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString().replaceFirst("\\.pem$", "");
        return privateKeyFile.resolveSibling(name + ".pub.pem");
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }

    public static String toPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static PrivateKey readPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /** SHA-256 of the encoded public key, hex: what an auditor compares with the key the platform publishes. */
    public static String fingerprint(PublicKey key) {
        return HashChain.hash(key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
