package com.sharefab.command.payment;

import com.sharefab.events.Actor;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Carries the refunds and payouts a settlement requested to the provider adapter. Stateless (each event says all),
 * so it needs no saga store. A failure (provider down) is propagated: the tracking processor keeps the event and
 * retries it with growing pauses until the provider is back; the commands are idempotent by their operation ids,
 * so a redelivery never moves money twice. Never replayed.
 */
@Component
@ProcessingGroup(PaymentProcess.PROCESSING_GROUP)
class PaymentProcess {

    static final String PROCESSING_GROUP = "payment-process";

    private final CommandGateway commands;

    PaymentProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(RefundRequestedEvent event) {
        send(new ExecuteRefundCommand(event.settlementId(), event.refundId(), event.providerPaymentId(), event.amount()));
    }

    @EventHandler
    @DisallowReplay
    void on(PayoutRequestedEvent event) {
        send(new ExecutePayoutCommand(event.settlementId(), event.payoutId(), event.factoryFirmId(), event.amount()));
    }

    private void send(Object command) {
        commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(Actor.system().toMetaData()));
    }

    /** Failures go back to the processor (which retries), instead of being logged and skipped. */
    @Configuration(proxyBeanMethods = false)
    static class ErrorHandling {

        @Bean
        ConfigurerModule paymentProcessRetries() {
            return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                    PROCESSING_GROUP, config -> PropagatingErrorHandler.instance()));
        }
    }
}
