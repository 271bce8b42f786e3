package com.sharefab.command.settlement;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The operator decided a dispute: refund {@code refundToBuyer} and release the rest of escrow to the factory less
 * the commission on that rest; pay out; close. Idempotent per {@code splitId}.
 */
public record SplitEscrowCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String splitId,
        @NotNull Money refundToBuyer) {}
