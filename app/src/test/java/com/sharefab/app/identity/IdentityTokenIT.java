package com.sharefab.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sharefab.app.GraphQlClients;
import com.sharefab.events.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Token validation end to end: only a token this app's issuer signed, unexpired, for our audience, naming a firm and
 * one role, is accepted; every other is {@code UNAUTHENTICATED} — over HTTP and in a WebSocket's connection_init.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class IdentityTokenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MY_LISTINGS = "{ myListings { edges { node { id } } } }";

    @LocalServerPort
    int port;

    @Autowired
    DevIssuer issuer;

    @Test
    void validToken_actsAsItsFirm() throws Exception {
        var token = issuer.mint("u1", "firm-" + UUID.randomUUID(), "FACTORY", Duration.ofMinutes(5));

        var response = post(MY_LISTINGS, token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("errors").isMissingNode()).as(response.body().toString()).isTrue();
        assertThat(response.body().at("/data/myListings/edges").isArray()).isTrue();
    }

    @Test
    void expiredToken_isUnauthenticated() throws Exception {
        var past = Instant.now().minus(Duration.ofHours(1));
        assertUnauthenticated(issuer.sign(claims(b -> b.issueTime(Date.from(past.minusSeconds(60)))
                .expirationTime(Date.from(past)))));
    }

    @Test
    void tokenSignedByAnotherKey_isUnauthenticated() throws Exception {
        var stranger = new DevIssuer(
                new RSAKeyGenerator(2048).keyID(issuer.publicKey().getKeyID()).algorithm(JWSAlgorithm.RS256).generate(),
                issuer.issuer(), "sharefab-api", java.time.Clock.systemUTC());
        assertUnauthenticated(stranger.mint("u1", "firm-1", "OPERATOR", Duration.ofMinutes(5)));
    }

    @Test
    void unsignedAlgNoneToken_isUnauthenticated() throws Exception {
        assertUnauthenticated(new PlainJWT(claims(b -> {})).serialize());
    }

    @Test
    void tamperedPayload_isUnauthenticated() throws Exception {
        var parts = issuer.mint("u1", "firm-1", "BUYER", Duration.ofMinutes(5)).split("\\.");
        var otherPayload = issuer.mint("u1", "firm-1", "OPERATOR", Duration.ofMinutes(5)).split("\\.")[1];
        assertUnauthenticated(parts[0] + "." + otherPayload + "." + parts[2]);
    }

    @Test
    void wrongIssuer_isUnauthenticated() throws Exception {
        assertUnauthenticated(issuer.sign(claims(b -> b.issuer("https://evil.example/realms/sharefab"))));
    }

    @Test
    void wrongAudience_isUnauthenticated() throws Exception {
        assertUnauthenticated(issuer.sign(claims(b -> b.audience("some-other-api"))));
    }

    @Test
    void tokenWithoutFirm_isUnauthenticated() throws Exception {
        assertUnauthenticated(issuer.sign(claims(b -> b.claim(TokenActors.FIRM_CLAIM, null))));
    }

    @Test
    void tokenWithoutARoleOrWithTwo_isUnauthenticated() throws Exception {
        assertUnauthenticated(issuer.sign(claims(b -> b.claim(TokenActors.ROLES_CLAIM, List.of("ADMIN")))));
        assertUnauthenticated(issuer.sign(claims(b -> b.claim(TokenActors.ROLES_CLAIM, List.of("BUYER", "OPERATOR")))));
    }

    @Test
    void keycloakShapedToken_realmRolesAndFirmAttribute_isAccepted() throws Exception {
        var token = issuer.sign(claims(b -> b.claim(TokenActors.ROLES_CLAIM, null)
                .claim("realm_access", Map.of("roles", List.of("default-roles-sharefab", "offline_access", "FACTORY")))));

        assertThat(post(MY_LISTINGS, token).status()).isEqualTo(200);
    }

    @Test
    void noToken_publicReadAnswers_protectedFieldIsUnauthenticated() throws Exception {
        var publicRead = post("{ steps { id } }", null);
        assertThat(publicRead.status()).isEqualTo(200);
        assertThat(publicRead.body().at("/data/steps").size()).isPositive();

        var protectedField = post(MY_LISTINGS, null);
        assertThat(protectedField.body().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(protectedField.body().at("/data").isNull() || protectedField.body().at("/data").isMissingNode())
                .isTrue();
    }

    @Test
    void webSocket_validTokenInConnectionInit_subscribes() {
        var socket = GraphQlClients.webSocket(port, GraphQlClients.actor("firm-ws", "BUYER"));
        try {
            var beats = socket.document("subscription { heartbeat(count: 1) }").executeSubscription()
                    .toFlux("heartbeat", String.class)
                    .collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(beats).hasSize(1);
        } finally {
            socket.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void webSocket_badOrMissingTokenInConnectionInit_isUnauthenticated() {
        var expired = issuer.sign(claims(b -> b.issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600)))));
        for (var socket : List.of(
                GraphQlClients.webSocketWithToken(port, expired),
                GraphQlClients.webSocket(port, Actor.anonymous()))) {
            try {
                socket.document("subscription { heartbeat(count: 1) }").execute()
                        .errors()
                        .satisfy(errors -> assertThat(errors).singleElement()
                                .satisfies(error -> assertThat(error.getExtensions())
                                        .containsEntry("code", "UNAUTHENTICATED")));
            } finally {
                socket.stop().block(Duration.ofSeconds(5));
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    /** Valid claims for a buyer of firm-1, changed by {@code change}. */
    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        var now = Instant.now();
        var builder = new JWTClaimsSet.Builder()
                .issuer(issuer.issuer())
                .audience("sharefab-api")
                .subject("u1")
                .claim(TokenActors.FIRM_CLAIM, "firm-1")
                .claim(TokenActors.ROLES_CLAIM, List.of("BUYER"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        change.accept(builder);
        return builder.build();
    }

    private void assertUnauthenticated(String token) throws Exception {
        var response = post(MY_LISTINGS, token);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
        assertThat(response.body().at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.body().path("data").isMissingNode()).isTrue();
    }

    record Response(int status, JsonNode body) {}

    private Response post(String query, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }
}
