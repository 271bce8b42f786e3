package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The buyer confirmed receipt (or the platform did at the deadline): release escrow to the factory less the
 * commission, pay it out, close. Idempotent per {@code releaseId}.
 */
public record ReleaseEscrowCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId, @NotBlank String releaseId) {}
