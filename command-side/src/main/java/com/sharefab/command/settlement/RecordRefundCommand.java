package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider executed refund {@code refundId}; idempotent. */
public record RecordRefundCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String refundId,
        @NotBlank String providerRefundId) {}
