package com.sharefab.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A command sent from an event handler commits on its own before the sender goes on; one sent from a command handler
 * stays nested in it; a refusal at dispatch still reaches the sender.
 */
class DetachedCommandBusTest {

    private final DetachedCommandBus bus = new DetachedCommandBus(SimpleCommandBus.builder().build());
    private final CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    private final AtomicBoolean handlerCommitted = new AtomicBoolean();
    private final AtomicReference<Boolean> handledAsRoot = new AtomicReference<>();

    DetachedCommandBusTest() {
        bus.subscribe(String.class.getName(), command -> {
            var unitOfWork = CurrentUnitOfWork.get();
            handledAsRoot.set(unitOfWork.isRoot());
            unitOfWork.afterCommit(u -> handlerCommitted.set(true));
            return "done: " + command.getPayload();
        });
    }

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void aCommandSentWhileAnEventIsHandled_commitsBeforeTheSenderGoesOn_notWhenTheEventsBatchEnds() {
        var event = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("order placed"));
        try {
            Object result = gateway.sendAndWait("reserve");

            assertThat(result).isEqualTo("done: reserve");
            assertThat(handledAsRoot.get()).as("the command ran in a unit of work of its own").isTrue();
            assertThat(handlerCommitted).as("its unit of work committed while the event's is still open").isTrue();
            assertThat(event.isActive()).isTrue();
        } finally {
            event.commit();
        }
    }

    @Test
    void aCommandSentWhileACommandIsHandled_staysNestedInIt() {
        CommandMessage<?> outer = GenericCommandMessage.asCommandMessage("request payment");
        var command = DefaultUnitOfWork.startAndGet(outer);
        try {
            gateway.sendAndWait("prepare payment");

            assertThat(handledAsRoot.get()).as("nested in the outer command's unit of work").isFalse();
            assertThat(handlerCommitted).as("commits with the outer command, not before").isFalse();
        } finally {
            command.commit();
        }
        assertThat(handlerCommitted).isTrue();
    }

    @Test
    void aRefusalAtDispatch_fromAnEventHandler_reachesTheSender() {
        bus.registerDispatchInterceptor(messages -> (index, message) -> {
            throw new IllegalArgumentException("quantity must be positive");
        });
        var event = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("order placed"));
        try {
            assertThatThrownBy(() -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage("reserve")
                    .andMetaData(MetaData.emptyInstance())))
                    .hasMessageContaining("quantity must be positive");
        } finally {
            event.rollback();
        }
    }
}
