package com.sharefab.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharefab.events.EventMetadata;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The log context a handler runs in, and the last-handled timestamps behind the lag in milliseconds. */
class LogContextInterceptorTest {

    @Test
    void handle_commandWithRequestAndCorrelation_logContextHoldsThemWhileHandlingOnly() throws Exception {
        var command = GenericCommandMessage.<Object>asCommandMessage("a command").andMetaData(MetaData.from(Map.of(
                EventMetadata.REQUEST_ID, "req-1", EventMetadata.CORRELATION_ID, "corr-1")));
        var seen = new HashMap<String, String>();
        var unitOfWork = DefaultUnitOfWork.<CommandMessage<?>>startAndGet(command);

        unitOfWork.executeWithResult(() -> new LogContextInterceptor<CommandMessage<?>>(null, new ProcessedEvents())
                .handle(unitOfWork, new DefaultInterceptorChain<>(unitOfWork, List.of(), message -> {
                    seen.putAll(MDC.getCopyOfContextMap());
                    return null;
                })));

        assertThat(seen).containsEntry("requestId", "req-1").containsEntry("correlationId", "corr-1");
        assertThat(MDC.get("requestId")).isNull();
        assertThat(MDC.get("correlationId")).isNull();
    }

    @Test
    void handle_eventInAProcessingGroup_recordsItsTimestampAsLastHandled() throws Exception {
        var at = Instant.parse("2026-11-22T10:00:00Z");
        EventMessage<?> event = new GenericEventMessage<>(
                new GenericEventMessage<>("an event").getIdentifier(), "an event", MetaData.emptyInstance(), at);
        var processed = new ProcessedEvents();
        var unitOfWork = DefaultUnitOfWork.<EventMessage<?>>startAndGet(event);

        unitOfWork.executeWithResult(() -> new LogContextInterceptor<EventMessage<?>>("listing-views", processed)
                .handle(unitOfWork, new DefaultInterceptorChain<>(unitOfWork, List.of(), message -> {
                    assertThat(MDC.get("correlationId")).as("the event's own id without a correlation").isNotNull();
                    return null;
                })));

        assertThat(processed.lastHandled("listing-views")).contains(at);
        assertThat(processed.lastHandled("firm-views")).isEmpty();
    }
}
