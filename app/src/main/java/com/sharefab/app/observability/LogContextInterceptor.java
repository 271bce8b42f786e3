package com.sharefab.app.observability;

import com.sharefab.events.EventMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the message's request id and correlation id into the log context while a handler runs (the trace and span
 * ids are there already, from Axon's span), and tells {@link ProcessedEvents} which event a processor handled.
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
        String priorCorrelationId = MDC.get(LogContext.CORRELATION_ID);
        String priorRequestId = MDC.get(LogContext.REQUEST_ID);
        MDC.put(LogContext.CORRELATION_ID, String.valueOf(correlationId));
        if (requestId != null) {
            MDC.put(LogContext.REQUEST_ID, String.valueOf(requestId));
        }
        try {
            Object result = chain.proceed();
            if (processingGroup != null && message instanceof EventMessage<?> event) {
                processed.handled(processingGroup, event.getTimestamp());
            }
            return result;
        } finally {
            restore(LogContext.CORRELATION_ID, priorCorrelationId);
            restore(LogContext.REQUEST_ID, priorRequestId);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
