package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Mark an order's reserved units as used by finished production; a no-op when the order holds none. */
public record ConsumeCapacityCommand(@TargetAggregateIdentifier @NotBlank String listingId, @NotBlank String orderId) {}
