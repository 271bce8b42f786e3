package com.sharefab.command.payment;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Have the provider execute a payout the settlement requested; idempotent per {@code payoutId}. */
public record ExecutePayoutCommand(
        @NotBlank String settlementId,
        @NotBlank String payoutId,
        @NotBlank String factoryFirmId,
        @NotNull Money amount) {}
