package com.sharefab.command.order;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The operator splits escrow: refundToBuyerFen back to the buyer, the rest to the factory. */
public record DecideDisputeCommand(@TargetAggregateIdentifier @NotBlank String orderId, @PositiveOrZero long refundToBuyerFen, @NotBlank String note) {}
