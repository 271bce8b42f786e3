package com.sharefab.app.graphql;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.web.servlet.function.AsyncServerResponse;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * GraphQL over HTTP POST answered on the request's own thread, without a servlet async dispatch.
 *
 * <p>Spring's handler always answers asynchronously: the request is suspended, and once the execution completes it
 * is dispatched again through the whole filter chain to write the answer. For our requests that second pass cost
 * about 13 % of an {@code order(id)} request's CPU (docs/benchmarks.md). The execution itself still runs on
 * {@link RequestLimitsInterceptor}'s threads with its timeout, so a request that takes too long is still answered
 * {@code REQUEST_TIMEOUT} while its data fetcher runs; the request thread only waits for that answer, which always
 * comes within the timeout. WebSocket subscriptions do not go through this handler.
 */
@Configuration(proxyBeanMethods = false)
class SynchronousGraphQlHttpHandler {

    /** Replaces Boot's {@code graphQlHttpHandler} (it backs off when one exists); the router stays Boot's. */
    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler) {
        return new Handler(handler);
    }

    /** Waits for the execution's answer on the request thread. */
    static final class Handler extends GraphQlHttpHandler {

        Handler(WebGraphQlHandler handler) {
            super(handler);
        }

        @Override
        protected ServerResponse prepareResponse(ServerRequest request, Mono<WebGraphQlResponse> responseMono) {
            return awaited(super.prepareResponse(request, responseMono));
        }
    }

    /**
     * The answer of an asynchronous response, waited for here; a failure is thrown as itself, so Spring MVC's
     * exception handling sees what it saw on the asynchronous dispatch before.
     */
    static ServerResponse awaited(ServerResponse response) {
        if (!(response instanceof AsyncServerResponse async)) {
            return response;
        }
        try {
            return async.block();
        } catch (IllegalStateException failed) {
            throw unwrapped(failed);
        }
    }

    private static RuntimeException unwrapped(IllegalStateException failed) {
        Throwable cause = failed.getCause();
        while (cause instanceof ExecutionException || cause instanceof CompletionException) {
            cause = cause.getCause();
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CancellationException("the request thread was interrupted while GraphQL ran");
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return cause == null ? failed : new IllegalStateException(cause);
    }
}
