package com.sharefab.command.settlement;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A provider notification, its signature already verified, says the buyer paid; idempotent per notification and
 * per provider payment.
 */
public record CapturePaymentCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String notificationId,
        @NotBlank String providerPaymentId,
        @NotNull Money amount) {}
