package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The order ended before it was paid: close without moving money. A payment captured later is refunded in full
 * ({@code PAID_AFTER_CANCEL}). Idempotent.
 */
public record CancelSettlementCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId, @NotBlank String reason) {}
