package com.sharefab.command.settlement;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The operator sets the commission for settlements opened from now on; setting the rate in force is a no-op. */
public record SetCommissionRateCommand(
        @TargetAggregateIdentifier @NotBlank String commissionId, @Min(0) @Max(10_000) int basisPoints) {}
