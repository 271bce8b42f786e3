package com.sharefab.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What phones rely on: automatic persisted queries (hash first, the document only on PERSISTED_QUERY_NOT_FOUND),
 * queries over GET and POST, mutations never over GET, and GraphQL over HTTP's media type and status codes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sharefab.mongodb.embedded=memory")
class MobileConventionsIT {

    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

    @LocalServerPort
    int port;

    private RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void persistedQuery_hashFirstThenDocumentThenHashAlone_answers() throws Exception {
        var document = "query Steps { steps(industryCode: \"headwear\") { id } } # " + UUID.randomUUID();
        var hash = sha256(document);

        var unknown = http.post(Map.of("extensions", RawHttp.persisted(hash)), null);
        assertThat(unknown.code()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
        assertThat(unknown.body().at("/errors/0/message").asText()).isEqualTo("PersistedQueryNotFound");

        var registered = http.post(Map.of("query", document, "extensions", RawHttp.persisted(hash)), null);
        assertThat(registered.hasErrors()).as(registered.body().toString()).isFalse();

        var byHash = http.post(Map.of("extensions", RawHttp.persisted(hash)), null);
        assertThat(byHash.hasErrors()).as(byHash.body().toString()).isFalse();
        assertThat(byHash.body().at("/data/steps")).isEqualTo(registered.body().at("/data/steps"));

        var overGet = http.get(Map.of("extensions", RawHttp.persisted(hash)), null);
        assertThat(overGet.status()).isEqualTo(200);
        assertThat(overGet.body().at("/data/steps")).isEqualTo(registered.body().at("/data/steps"));
    }

    @Test
    void persistedQuery_documentNotMatchingItsHash_isRefused() throws Exception {
        var response = http.post(Map.of(
                "query", "{ steps { id } }", "extensions", RawHttp.persisted(sha256("{ industries { id } }"))), null);

        assertThat(response.code()).isEqualTo("PERSISTED_QUERY_HASH_MISMATCH");
    }

    @Test
    void queryOverGet_answersGraphQlResponseJson() {
        var response = http.get(Map.of("query", "query($code: ID) { steps(industryCode: $code) { id } }",
                "variables", Map.of("code", "headwear")), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith(GRAPHQL_RESPONSE);
        assertThat(response.body().at("/data/steps").size()).isPositive();
    }

    @Test
    void mutationOverGet_is405MethodNotAllowed() {
        var response = http.get(Map.of("query", "mutation { ping }"), null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.code()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void post_acceptingGraphQlResponseJson_answersItWithSpecStatusCodes() {
        var ok = http.post(RawHttp.json(Map.of("query", "{ steps { id } }")), null, GRAPHQL_RESPONSE);
        var unparsable = http.post(RawHttp.json(Map.of("query", "{ steps { id ")), null, GRAPHQL_RESPONSE);
        var invalid = http.post(RawHttp.json(Map.of("query", "{ nosuchfield }")), null, GRAPHQL_RESPONSE);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).startsWith(GRAPHQL_RESPONSE);
        assertThat(unparsable.status()).isEqualTo(400);
        assertThat(unparsable.code()).isEqualTo("GRAPHQL_PARSE_FAILED");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    }

    @Test
    void post_acceptingOnlyJson_answersJsonWith200ForRequestErrors() {
        var invalid = http.post(RawHttp.json(Map.of("query", "{ nosuchfield }")), null, "application/json");

        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.contentType()).startsWith("application/json");
        assertThat(invalid.code()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    }

    private static String sha256(String document) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8)));
    }
}
