package com.sharefab.app.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GraphQL over HTTP GET (the GraphQL over HTTP specification): {@code query}, {@code operationName},
 * {@code variables} and {@code extensions} as URL parameters, so phones and CDNs can cache queries — with a
 * persisted-query hash the URL stays short. Only queries: a mutation over GET is refused with 405
 * ({@code METHOD_NOT_ALLOWED}). Answers {@code application/graphql-response+json} unless the client accepts only
 * {@code application/json}; a request error (nothing executed) is 400 in the former, as the specification says.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlGetHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType(GraphQlHttpErrors.GRAPHQL_RESPONSE);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlOverGet(
            WebGraphQlHandler handler, @Value("${spring.graphql.http.path:/graphql}") String path) {
        return RouterFunctions.route()
                .GET(path, request -> request.param("query").isPresent() || request.param("extensions").isPresent(),
                        request -> handle(handler, request))
                .build();
    }

    private static ServerResponse handle(WebGraphQlHandler handler, ServerRequest request) {
        var mediaType = responseType(request);
        Map<String, Object> body;
        try {
            body = body(request);
        } catch (IOException | IllegalArgumentException unreadable) {
            return ServerResponse.badRequest().contentType(mediaType).body(Map.of("errors", java.util.List.of(Map.of(
                    "message", "variables and extensions must be JSON objects",
                    "extensions", Map.of("code", ErrorCodes.BAD_USER_INPUT)))));
        }
        request.attributes().put(RequestLimitsInterceptor.GET_ATTRIBUTE, true);
        var graphQlRequest = new WebGraphQlRequest(
                request.uri(), request.headers().asHttpHeaders(), new LinkedMultiValueMap<>(),
                request.remoteAddress().orElse(null), request.attributes(), body, UUID.randomUUID().toString(),
                request.servletRequest().getLocale());
        return SynchronousGraphQlHttpHandler.awaited(ServerResponse.async(handler.handleRequest(graphQlRequest)
                .map(response -> ServerResponse
                        .status(status(response, mediaType))
                        .headers(headers -> allowOnRefusedMethod(response, headers))
                        .contentType(mediaType)
                        .body(response.toMap()))));
    }

    private static Map<String, Object> body(ServerRequest request) throws IOException {
        var body = new HashMap<String, Object>();
        var query = request.param("query").filter(q -> !q.isBlank());
        body.put("query", query.orElse(PersistedQuerySupport.PERSISTED_QUERY_MARKER));
        request.param("operationName").filter(name -> !name.isBlank()).ifPresent(name -> body.put("operationName", name));
        var variables = request.param("variables");
        if (variables.isPresent() && !variables.get().isBlank()) {
            body.put("variables", JSON.readValue(variables.get(), Map.class));
        }
        var extensions = request.param("extensions");
        if (extensions.isPresent() && !extensions.get().isBlank()) {
            body.put("extensions", JSON.readValue(extensions.get(), Map.class));
        }
        return body;
    }

    private static MediaType responseType(ServerRequest request) {
        var accepted = request.headers().accept();
        boolean onlyJson = !accepted.isEmpty()
                && accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        && !type.isWildcardType())
                && accepted.stream().noneMatch(type -> type.includes(GRAPHQL_RESPONSE) && !type.isWildcardType());
        return onlyJson ? MediaType.APPLICATION_JSON : GRAPHQL_RESPONSE;
    }

    private static HttpStatus status(WebGraphQlResponse response, MediaType mediaType) {
        if (hasCode(response, LimitCodes.METHOD_NOT_ALLOWED)) {
            return HttpStatus.METHOD_NOT_ALLOWED;
        }
        boolean requestError = !response.getExecutionResult().isDataPresent() && !response.getErrors().isEmpty();
        return requestError && mediaType.equals(GRAPHQL_RESPONSE) ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
    }

    private static void allowOnRefusedMethod(WebGraphQlResponse response, HttpHeaders headers) {
        if (hasCode(response, LimitCodes.METHOD_NOT_ALLOWED)) {
            headers.setAllow(java.util.Set.of(HttpMethod.POST));
        }
    }

    private static boolean hasCode(WebGraphQlResponse response, String code) {
        return response.getErrors().stream().anyMatch(error -> code.equals(error.getExtensions().get("code")));
    }
}
