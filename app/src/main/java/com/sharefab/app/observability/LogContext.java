package com.sharefab.app.observability;

/** The MDC keys every log line carries: trace and span (Micrometer Tracing's names), request, correlation. */
final class LogContext {

    /** The client's request id ({@code X-Request-Id}), or one made up for a request that sent none. */
    static final String REQUEST_ID = "requestId";
    /** Axon's correlation id: the id of the command that started a chain of messages. */
    static final String CORRELATION_ID = "correlationId";

    /** The W3C trace id, as Micrometer Tracing names it in the MDC. */
    static final String TRACE_ID = "traceId";
    /** The current span's id. */
    static final String SPAN_ID = "spanId";

    private LogContext() {}
}
