package com.sharefab.app.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A bearer token that fails validation (expired, wrongly signed, {@code alg:none}, wrong issuer or audience, no firm)
 * answers 401 with a GraphQL error {@code UNAUTHENTICATED}, so a phone handles it like every other error; the
 * {@code WWW-Authenticate} header says the same for HTTP tooling.
 */
final class GraphQlAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        MediaType type = accept != null && accept.contains("application/graphql-response+json")
                ? MediaTypes.APPLICATION_GRAPHQL_RESPONSE
                : MediaType.APPLICATION_JSON;
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        response.setContentType(type + ";charset=UTF-8");
        var body = Map.of("errors", List.of(Map.of(
                "message", "the bearer token is not valid: " + exception.getMessage(),
                "extensions", Map.of("code", UNAUTHENTICATED))));
        response.getOutputStream().write(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
