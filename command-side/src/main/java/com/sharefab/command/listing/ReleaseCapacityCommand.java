package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give an order's reserved units back; a no-op when the order holds none. */
public record ReleaseCapacityCommand(@TargetAggregateIdentifier @NotBlank String listingId, @NotBlank String orderId) {}
