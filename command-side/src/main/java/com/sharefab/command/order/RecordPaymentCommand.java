package com.sharefab.command.order;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The settlement captured the buyer's payment into escrow (sent by the booking process). */
public record RecordPaymentCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotNull Money amount, String providerPaymentId) {}
