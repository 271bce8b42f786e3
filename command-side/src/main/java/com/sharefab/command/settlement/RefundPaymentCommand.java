package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give the buyer back everything still in escrow (the order ended after payment); the settlement closes once the
 * provider has refunded. Idempotent per {@code refundId}.
 */
public record RefundPaymentCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String refundId,
        @NotBlank String reason) {}
