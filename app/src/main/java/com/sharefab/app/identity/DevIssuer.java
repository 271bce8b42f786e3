package com.sharefab.app.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development issuer: the app signs its own tokens with an RSA key kept under {@code sharefab.data-dir}
 * ({@code identity/dev-issuer-key.json}, created on first start, kept across restarts so tokens survive them).
 * Only the dev profile (and the tests) turn it on; its tokens are real JWTs that go through the same validation as
 * Keycloak's.
 */
final class DevIssuer {

    private static final Logger log = LoggerFactory.getLogger(DevIssuer.class);

    static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private final RSAKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    DevIssuer(RSAKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** The issuer whose key lives in {@code dataDir}, made there on first use. */
    static DevIssuer inDataDir(Path dataDir, String issuer, String audience) {
        return new DevIssuer(loadOrCreateKey(dataDir.resolve("identity").resolve("dev-issuer-key.json")), issuer,
                audience, Clock.systemUTC());
    }

    String issuer() {
        return issuer;
    }

    RSAKey publicKey() {
        return key.toPublicJWK();
    }

    /** The public half as a JWK set, as {@code /dev/jwks.json} serves it. */
    JWKSet jwkSet() {
        return new JWKSet(publicKey());
    }

    /** A signed token for {@code userId} acting for {@code firmId} in {@code role}. */
    String mint(String userId, String firmId, String role, Duration lifetime) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId)
                .claim(TokenActors.FIRM_CLAIM, firmId)
                .claim(TokenActors.ROLES_CLAIM, List.of(role))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /** Signs any claims with the issuer's key (the tests use it for expired and foreign-audience tokens). */
    String sign(JWTClaimsSet claims) {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
        return jwt.serialize();
    }

    /**
     * Reads the key, or makes one. Several app nodes on one data dir (tests start two) must end with the same key:
     * the new key is written to a temporary file and linked into place, which fails atomically if another node won.
     */
    static RSAKey loadOrCreateKey(Path file) {
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            Files.createDirectories(file.getParent());
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            Path temporary = Files.createTempFile(file.getParent(), "dev-issuer-key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the data dir's own permissions apply
                }
                Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8);
                Files.createLink(file, temporary);
                log.info("Development issuer: new signing key in {}", file);
                return key;
            } catch (FileAlreadyExistsException anotherNodeWon) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | ParseException | JOSEException e) {
            throw new IllegalStateException("cannot read or create the development issuer's key " + file, e);
        }
    }
}
