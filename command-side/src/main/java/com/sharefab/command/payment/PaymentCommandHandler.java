package com.sharefab.command.payment;

import com.sharefab.command.settlement.PaymentOrder;
import com.sharefab.command.settlement.PreparePaymentCommand;
import com.sharefab.command.settlement.RecordPayoutCommand;
import com.sharefab.command.settlement.RecordRefundCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The provider adapter behind commands: the slow I/O of payments lives here, never in the settlement or a saga.
 * Each handler asks the settlement what to do (or is told by its event), calls the provider under the operation's
 * idempotency key, and reports the outcome back to the settlement. A failure leaves the settlement as it was; the
 * same command later (a phone's retry, a redelivered event) completes it, and the provider executes it once.
 */
@Component
class PaymentCommandHandler {

    private final CommandGateway commands;
    private final PaymentProvider provider;
    private final PaymentProviderSettings settings;
    private final Environment environment;

    PaymentCommandHandler(
            CommandGateway commands,
            PaymentProvider provider,
            PaymentProviderSettings settings,
            Environment environment) {
        this.commands = commands;
        this.provider = provider;
        this.settings = settings;
        this.environment = environment;
    }

    @CommandHandler
    PaymentInstructions handle(RequestPaymentCommand command, MetaData metaData) {
        // The settlement decides (the buyer only, not paid, not cancelled) and records the request; it commits only
        // if the provider call below succeeds, so with the provider down nothing is recorded.
        PaymentOrder order = commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(new PreparePaymentCommand(command.settlementId()))
                        .andMetaData(metaData));
        var payment = provider.createPayment(order.paymentId(), order.amount(), notifyUrl());
        return new PaymentInstructions(
                order.orderId(),
                order.settlementId(),
                order.paymentId(),
                payment.providerPaymentId(),
                payment.payUrl(),
                payment.payToken(),
                order.amount());
    }

    @CommandHandler
    void handle(ExecuteRefundCommand command, MetaData metaData) {
        String providerRefundId = provider.refund(command.refundId(), command.providerPaymentId(), command.amount());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new RecordRefundCommand(command.settlementId(), command.refundId(), providerRefundId))
                .andMetaData(metaData));
    }

    @CommandHandler
    void handle(ExecutePayoutCommand command, MetaData metaData) {
        String providerPayoutId = provider.payout(command.payoutId(), command.factoryFirmId(), command.amount());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new RecordPayoutCommand(command.settlementId(), command.payoutId(), providerPayoutId))
                .andMetaData(metaData));
    }

    private String notifyUrl() {
        if (settings.notifyUrl() != null && !settings.notifyUrl().isBlank()) {
            return settings.notifyUrl();
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080")
                + PaymentNotificationController.PATH;
    }
}
