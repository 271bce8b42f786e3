package com.sharefab.app.observability;

import com.sharefab.command.axon.Commands;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every HTTP request has a request id: the client's {@code X-Request-Id}, or a new one. It is in the log context
 * for the whole request, answered in the response header, and left as a request attribute for the GraphQL context
 * (which puts it on every command as metadata).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    /** The request attribute that holds the request id: the same key as in the GraphQL context. */
    static final String ATTRIBUTE = Commands.REQUEST_ID;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(HEADER);
        if (requestId == null || requestId.isBlank() || requestId.length() > 128) {
            requestId = UUID.randomUUID().toString();
        }
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        String prior = MDC.get(LogContext.REQUEST_ID);
        MDC.put(LogContext.REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            if (prior == null) {
                MDC.remove(LogContext.REQUEST_ID);
            } else {
                MDC.put(LogContext.REQUEST_ID, prior);
            }
        }
    }
}
