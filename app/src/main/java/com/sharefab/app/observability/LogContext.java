package com.sharefab.app.observability;

/** The MDC keys of our own that every log line carries (Micrometer Tracing adds traceId and spanId). */
final class LogContext {

    /** The client's request id ({@code X-Request-Id}), or one made up for a request that sent none. */
    static final String REQUEST_ID = "requestId";
    /** Axon's correlation id: the id of the command that started a chain of messages. */
    static final String CORRELATION_ID = "correlationId";

    private LogContext() {}
}
