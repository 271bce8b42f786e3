package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider executed payout {@code payoutId}; idempotent. */
public record RecordPayoutCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String payoutId,
        @NotBlank String providerPayoutId) {}
