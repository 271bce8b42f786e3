package com.sharefab.command.payment;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Have the provider execute a refund the settlement requested; idempotent per {@code refundId}. */
public record ExecuteRefundCommand(
        @NotBlank String settlementId,
        @NotBlank String refundId,
        @NotBlank String providerPaymentId,
        @NotNull Money amount) {}
