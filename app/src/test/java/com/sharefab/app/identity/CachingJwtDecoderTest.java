package com.sharefab.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class CachingJwtDecoderTest {

    private final Instant issued = Instant.parse("2026-11-22T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(issued.plusSeconds(10));
    private final AtomicInteger fullDecodes = new AtomicInteger();

    /** Stands in for Nimbus: "good-…" tokens decode (expiring after 5 minutes), anything else is refused. */
    private final JwtDecoder nimbus = token -> {
        fullDecodes.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("signature does not match");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(5))).build();
    };

    private CachingJwtDecoder decoder() {
        var timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
        return new CachingJwtDecoder(nimbus, timestamps, 2);
    }

    @Test
    void aTokenSeenBefore_isNotDecodedAgain() {
        var decoder = decoder();

        var first = decoder.decode("good-a");
        var second = decoder.decode("good-a");

        assertThat(second.getSubject()).isEqualTo(first.getSubject()).isEqualTo("good-a");
        assertThat(fullDecodes).hasValue(1);
    }

    @Test
    void aCachedToken_isRefusedOnceItExpires() {
        var decoder = decoder();
        decoder.decode("good-a");

        now.set(issued.plus(Duration.ofMinutes(6)));

        assertThatThrownBy(() -> decoder.decode("good-a")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aTokenThatFails_isNeverCached_andAnotherTokenIsDecodedOnItsOwn() {
        var decoder = decoder();
        decoder.decode("good-a");

        assertThatThrownBy(() -> decoder.decode("forged-a")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged-a")).isInstanceOf(BadJwtException.class);
        assertThat(fullDecodes).hasValue(3);
    }

    @Test
    void theCacheIsBounded_theLeastRecentlyUsedTokenIsDecodedAgain() {
        var decoder = decoder();
        decoder.decode("good-a");
        decoder.decode("good-b");
        decoder.decode("good-a");
        decoder.decode("good-c"); // evicts b, the least recently used

        decoder.decode("good-a");
        decoder.decode("good-b");

        assertThat(fullDecodes).hasValue(4);
    }
}
