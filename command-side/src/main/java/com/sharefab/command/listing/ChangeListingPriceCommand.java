package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set the unit price, in fen, of new reservations; reservations already made keep theirs. */
public record ChangeListingPriceCommand(
        @TargetAggregateIdentifier @NotBlank String listingId, @Positive long unitPriceFen) {}
