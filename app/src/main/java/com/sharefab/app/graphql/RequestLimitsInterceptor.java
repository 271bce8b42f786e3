package com.sharefab.app.graphql;

import graphql.ExecutionInput;
import jakarta.annotation.PreDestroy;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.introspection.Introspection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The limits checked around each request: the document's size, the time it may take (then it is cancelled and
 * answers {@code REQUEST_TIMEOUT}), introspection (off unless {@code sharefab.graphql.introspection}, the dev
 * profile), and no field suggestions in error messages outside the dev profile (they map a schema for an attacker).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestLimitsInterceptor implements WebGraphQlInterceptor {

    /** Request attribute set by the GET handler: the request came with GET. */
    static final String GET_ATTRIBUTE = "sharefab.graphqlOverGet";

    private static final Pattern SUGGESTION = Pattern.compile("(?i)\\s*Did you mean[^?]*\\?");

    private final int maxDocumentBytes;
    private final Duration timeout;
    private final boolean introspection;
    private final ThreadPoolExecutor executor;
    private final Scheduler executionThreads;

    RequestLimitsInterceptor(
            @Value("${sharefab.graphql.limits.max-document-bytes}") int maxDocumentBytes,
            @Value("${sharefab.graphql.limits.timeout}") Duration timeout,
            @Value("${sharefab.graphql.introspection:false}") boolean introspection,
            @Value("${server.tomcat.threads.max:200}") int maxThreads) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.timeout = timeout;
        this.introspection = introspection;
        // A plain pool (not Reactor's elastic one): a timed-out execution is cancelled through graphql-java, never
        // by interrupting its thread, which would break the MongoDB driver's connection under it.
        var threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), runnable -> {
                    var thread = new Thread(runnable, "graphql-execution-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.executionThreads = Schedulers.fromExecutor(executor);
    }

    @PreDestroy
    void stop() {
        executionThreads.dispose();
        executor.shutdown();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        int size = request.getDocument().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxDocumentBytes) {
            return Mono.just(refusal(request, LimitCodes.DOCUMENT_TOO_LARGE,
                    "the document is " + size + " bytes; at most " + maxDocumentBytes + " are allowed"));
        }
        var running = new AtomicReference<ExecutionInput>();
        boolean overGet = Boolean.TRUE.equals(request.getAttributes().get(GET_ATTRIBUTE));
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
                    context.put(RequestLimits.EXECUTION_INPUT, running);
                    if (request.getRemoteAddress() != null && request.getRemoteAddress().getAddress() != null) {
                        context.put(RequestLimits.REMOTE_ADDRESS,
                                request.getRemoteAddress().getAddress().getHostAddress());
                    }
                    if (overGet) {
                        context.put(RequestLimits.HTTP_METHOD, "GET");
                    }
                    if (!introspection) {
                        context.put(Introspection.INTROSPECTION_DISABLED, true);
                    }
                })
                .build());
        // Data fetchers block (the MongoDB driver is synchronous): execution runs on its own threads so the timeout
        // can answer while a fetcher still runs, and cancels the execution so no further field is fetched.
        return chain.next(request)
                .subscribeOn(executionThreads)
                .timeout(timeout)
                .onErrorResume(TimeoutException.class, timedOut -> {
                    var input = running.get();
                    if (input != null) {
                        input.cancel(); // graphql-java fetches no further fields of it
                    }
                    return Mono.just(refusal(request, LimitCodes.REQUEST_TIMEOUT,
                            "the request took longer than " + timeout.toMillis() + " ms and was stopped"));
                })
                .map(response -> introspection ? response : withoutSuggestions(response));
    }

    private static WebGraphQlResponse withoutSuggestions(WebGraphQlResponse response) {
        var errors = response.getExecutionResult().getErrors();
        if (errors.stream().noneMatch(e -> e.getMessage() != null && SUGGESTION.matcher(e.getMessage()).find())) {
            return response;
        }
        return response.transform(builder -> builder.errors(errors.stream().map(RequestLimitsInterceptor::stripped)
                .toList()));
    }

    private static GraphQLError stripped(GraphQLError error) {
        if (error.getMessage() == null || !SUGGESTION.matcher(error.getMessage()).find()) {
            return error;
        }
        return GraphqlErrorBuilder.newError()
                .message(SUGGESTION.matcher(error.getMessage()).replaceAll(""))
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(error.getErrorType())
                .extensions(error.getExtensions())
                .build();
    }

    static WebGraphQlResponse refusal(WebGraphQlRequest request, String code, String message) {
        var result = ExecutionResultImpl.newExecutionResult().errors(List.of(LimitCodes.error(code, message))).build();
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
    }
}
