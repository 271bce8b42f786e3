package com.sharefab.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code java -jar sharefab-audit-verifier.jar bundle.zip [--key platform-public-key.pem]}: prints OK and what was
 * checked, or the first bad event. Exit code 0 when the bundle is intact, 1 when it is not, 2 when it cannot be read.
 */
public final class VerifierMain {

    private VerifierMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path bundle = null;
        PublicKey pinned = null;
        try {
            for (int i = 0; i < args.length; i++) {
                if ("--key".equals(args[i]) && i + 1 < args.length) {
                    pinned = SigningKeys.readPublicKey(Files.readString(Path.of(args[++i])));
                } else if (bundle == null && !args[i].startsWith("--")) {
                    bundle = Path.of(args[i]);
                } else {
                    return usage();
                }
            }
            if (bundle == null) {
                return usage();
            }
            VerificationResult result;
            try (InputStream in = Files.newInputStream(bundle)) {
                result = BundleVerifier.verify(in, pinned);
            }
            System.out.println(result.describe());
            if (result.ok() && pinned == null) {
                System.out.println("Compare the key fingerprint with the one the platform publishes, or pin it: --key");
            }
            return result.ok() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static int usage() {
        System.err.println("usage: java -jar sharefab-audit-verifier.jar bundle.zip [--key platform-public-key.pem]");
        return 2;
    }
}
