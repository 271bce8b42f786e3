package com.sharefab.app.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/** A GraphQL error answered by a servlet filter, before GraphQL runs: same shape as every other error. */
final class GraphQlHttpErrors {

    static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphQlHttpErrors() {}

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean json = accept != null && accept.contains("application/json") && !accept.contains(GRAPHQL_RESPONSE);
        response.setStatus(status);
        response.setContentType((json ? "application/json" : GRAPHQL_RESPONSE) + ";charset=UTF-8");
        var body = Map.of("errors", List.of(Map.of("message", message, "extensions", Map.of("code", code))));
        response.getOutputStream().write(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
