package com.sharefab.command.order;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The buyer contests the delivered work within the dispute window. */
public record OpenDisputeCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank String reason, @PositiveOrZero long unitsContested) {}
