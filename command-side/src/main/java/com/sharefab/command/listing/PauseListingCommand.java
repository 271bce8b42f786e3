package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop taking new reservations until resumed, with an optional reason; by the owning factory or the operator. */
public record PauseListingCommand(
        @TargetAggregateIdentifier @NotBlank String listingId, @Size(max = 500) String reason) {}
