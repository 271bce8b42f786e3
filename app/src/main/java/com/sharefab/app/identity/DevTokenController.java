package com.sharefab.app.identity;

import com.sharefab.query.graphql.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development issuer's endpoints (dev profile only): {@code POST /dev/tokens {firmId, role, userId?}} answers a
 * token, {@code GET /dev/jwks.json} the public key. Answers only callers on this machine (loopback).
 */
@RestController
@ConditionalOnProperty(name = "sharefab.identity.dev-issuer.enabled", havingValue = "true")
class DevTokenController {

    private final DevIssuer issuer;

    DevTokenController(DevIssuer issuer) {
        this.issuer = issuer;
    }

    /** What {@code POST /dev/tokens} takes; {@code userId} defaults to a new id, the lifetime to 12 hours. */
    record TokenRequest(String firmId, String role, String userId, Long lifetimeSeconds) {}

    @PostMapping("/dev/tokens")
    ResponseEntity<Map<String, Object>> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (!fromLoopback(http)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "only from this machine"));
        }
        if (request.firmId() == null || request.firmId().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "firmId is required"));
        }
        String role = request.role() == null ? "" : request.role().toUpperCase(java.util.Locale.ROOT);
        if (!Access.ROLES.contains(role)) {
            return ResponseEntity.badRequest().body(Map.of("error", "role must be one of " + Access.ROLES));
        }
        String userId = request.userId() == null || request.userId().isBlank()
                ? "user-" + UUID.randomUUID()
                : request.userId();
        var lifetime = request.lifetimeSeconds() == null
                ? DevIssuer.DEFAULT_LIFETIME
                : Duration.ofSeconds(Math.max(1, Math.min(request.lifetimeSeconds(), DevIssuer.DEFAULT_LIFETIME.toSeconds())));
        return ResponseEntity.ok(Map.of(
                "token", issuer.mint(userId, request.firmId(), role, lifetime),
                "tokenType", "Bearer",
                "expiresIn", lifetime.toSeconds(),
                "userId", userId,
                "firmId", request.firmId(),
                "role", role));
    }

    @GetMapping(value = "/dev/jwks.json", produces = "application/json")
    Map<String, Object> jwks() {
        return issuer.jwkSet().toJSONObject();
    }

    private static boolean fromLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
