package com.sharefab.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production set-up (docker compose with Keycloak), without Keycloak: the development issuer is off, keys come
 * from a JWK set at an internal address, and the {@code iss} claim must be the external issuer URL the phones use.
 * A stand-in JWKS server plays Keycloak's certs endpoint.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sharefab.mongodb.embedded=memory", "sharefab.identity.dev-issuer.enabled=false"})
@DirtiesContext // its own context: closed after the class, so it never runs beside the shared one
class ExternalIssuerIT {

    private static final String EXTERNAL_ISSUER = "http://localhost:8081/realms/sharefab";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RSAKey REALM_KEY = key();
    private static final HttpServer KEYCLOAK_CERTS = certsServer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("sharefab.identity.issuer", () -> EXTERNAL_ISSUER);
        registry.add("sharefab.identity.jwk-set-uri", () -> internalIssuer() + "/protocol/openid-connect/certs");
    }

    @AfterAll
    static void stop() {
        KEYCLOAK_CERTS.stop(0);
    }

    @Test
    void keycloakToken_externalIssuerKeysFromTheInternalAddress_isAccepted() throws Exception {
        var response = post(realmToken(EXTERNAL_ISSUER, "sharefab-api"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("errors").contains("myListings");
    }

    @Test
    void keycloakToken_issuedForTheInternalAddress_isUnauthenticated() throws Exception {
        var response = post(realmToken(internalIssuer(), "sharefab-api"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("UNAUTHENTICATED");
    }

    @Test
    void keycloakToken_forAnotherClient_isUnauthenticated() throws Exception {
        assertThat(post(realmToken(EXTERNAL_ISSUER, "account")).statusCode()).isEqualTo(401);
    }

    @Test
    void withoutTheDevProfile_thereIsNoDevTokenEndpoint() throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"firmId\":\"f\",\"role\":\"OPERATOR\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    // --- a stand-in for Keycloak's realm -------------------------------------------------------------------------------

    /** A token as Keycloak's sharefab realm issues it (realm roles, firm_id from the user attribute, audience mapper). */
    private static String realmToken(String issuer, String audience) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(UUID.randomUUID().toString())
                .claim("azp", "sharefab-app")
                .claim("typ", "Bearer")
                .claim("preferred_username", "wang.factory")
                .claim("firm_id", "firm-" + UUID.randomUUID())
                .claim("realm_access", Map.of("roles", List.of("default-roles-sharefab", "offline_access", "FACTORY")))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        return new DevIssuer(REALM_KEY, issuer, audience, Clock.systemUTC()).sign(claims);
    }

    private HttpResponse<String> post(String token) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                Map.of("query", "{ myListings { edges { node { id } } } }"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String internalIssuer() {
        return "http://127.0.0.1:" + KEYCLOAK_CERTS.getAddress().getPort() + "/realms/sharefab";
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("realm-key").algorithm(JWSAlgorithm.RS256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer certsServer() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] jwks = new JWKSet(REALM_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/realms/sharefab/protocol/openid-connect/certs", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
