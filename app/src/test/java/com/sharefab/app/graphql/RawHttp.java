package com.sharefab.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** GraphQL over plain HTTP, to see status codes, media types and bodies exactly as a phone gets them. */
final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    record Response(int status, String contentType, JsonNode body) {

        String code() {
            return body.at("/errors/0/extensions/code").asText(null);
        }

        boolean hasErrors() {
            return body.has("errors");
        }
    }

    Response post(String body, String token, String accept) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Response post(Map<String, Object> body, String token) {
        return post(json(body), token, null);
    }

    Response query(String query) {
        return post(Map.of("query", query), null);
    }

    Response get(Map<String, Object> parameters, String accept) {
        var url = new StringBuilder("http://127.0.0.1:" + port + "/graphql?");
        parameters.forEach((name, value) -> url.append(name).append('=')
                .append(URLEncoder.encode(value instanceof String s ? s : json(value), StandardCharsets.UTF_8))
                .append('&'));
        var request = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(30)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.build());
    }

    static Map<String, Object> persisted(String hash) {
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
        return extensions;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest request) {
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(
                    response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
