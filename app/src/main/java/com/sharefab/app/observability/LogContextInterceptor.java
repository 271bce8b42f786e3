package com.sharefab.app.observability;

import com.sharefab.events.EventMetadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the message's request id, correlation id and the handler's trace and span ids (Axon's span, opened from the
 * {@code traceparent} in the message's metadata) into the log context while a handler runs, and tells
 * {@link ProcessedEvents} which event a processor handled.
 */
final class LogContextInterceptor<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    private final String processingGroup;
    private final ProcessedEvents processed;

    /** @param processingGroup the event processor's name, or null on the command bus */
    LogContextInterceptor(String processingGroup, ProcessedEvents processed) {
        this.processingGroup = processingGroup;
        this.processed = processed;
    }

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        var metaData = message.getMetaData();
        Object correlationId = metaData.getOrDefault(EventMetadata.CORRELATION_ID, message.getIdentifier());
        Object requestId = metaData.get(EventMetadata.REQUEST_ID);
        var prior = MDC.getCopyOfContextMap();
        MDC.put(LogContext.CORRELATION_ID, String.valueOf(correlationId));
        if (requestId != null) {
            MDC.put(LogContext.REQUEST_ID, String.valueOf(requestId));
        }
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            MDC.put(LogContext.TRACE_ID, span.getTraceId());
            MDC.put(LogContext.SPAN_ID, span.getSpanId());
        }
        try {
            Object result = chain.proceed();
            if (processingGroup != null && message instanceof EventMessage<?> event) {
                processed.handled(processingGroup, event.getTimestamp(), ReplayToken.isReplay(event));
            }
            return result;
        } finally {
            if (prior == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(prior);
            }
        }
    }
}
