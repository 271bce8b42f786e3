package com.sharefab.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Looks at a {@code POST /graphql} body before Spring for GraphQL reads it: refuses bodies over
 * {@code sharefab.graphql.limits.max-request-bytes} ({@code REQUEST_TOO_LARGE}, 413) and batches, a JSON array of
 * operations ({@code TOO_MANY_OPERATIONS}: one operation per request), and lets an automatic persisted query
 * (a hash in {@code extensions.persistedQuery}, no {@code query}) through as graphql-java's persisted-query marker.
 */
@Component
class GraphQlRequestFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxRequestBytes;
    private final String path;

    GraphQlRequestFilter(
            @Value("${sharefab.graphql.limits.max-request-bytes}") int maxRequestBytes,
            @Value("${spring.graphql.http.path:/graphql}") String path) {
        this.maxRequestBytes = maxRequestBytes;
        this.path = path;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !path.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxRequestBytes) {
            tooLarge(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxRequestBytes + 1);
        if (body.length > maxRequestBytes) {
            tooLarge(request, response);
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || contentType.contains("json")) {
            JsonNode json = parse(body);
            if (json != null && json.isArray()) {
                GraphQlHttpErrors.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                        LimitCodes.TOO_MANY_OPERATIONS,
                        "batched requests are not accepted: send one operation per request");
                return;
            }
            if (json instanceof ObjectNode object && isPersistedQueryWithoutDocument(object)) {
                object.put("query", PersistedQuerySupport.PERSISTED_QUERY_MARKER);
                body = JSON.writeValueAsBytes(object);
            }
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    static boolean isPersistedQueryWithoutDocument(JsonNode request) {
        var query = request.path("query");
        boolean noDocument = query.isMissingNode() || query.isNull() || (query.isTextual() && query.asText().isBlank());
        return noDocument && request.path("extensions").path("persistedQuery").path("sha256Hash").isTextual();
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        GraphQlHttpErrors.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                LimitCodes.REQUEST_TOO_LARGE, "the request body is over " + maxRequestBytes + " bytes");
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null; // Spring for GraphQL answers it as a bad request
        }
    }

    /** The request with its body read once and served again from memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public String getHeader(String name) {
            return "Content-Length".equalsIgnoreCase(name) ? String.valueOf(body.length) : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return "Content-Length".equalsIgnoreCase(name)
                    ? java.util.Collections.enumeration(java.util.List.of(String.valueOf(body.length)))
                    : super.getHeaders(name);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
