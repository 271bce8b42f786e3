package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraw a listing for good; refused while it holds live reservations. */
public record WithdrawListingCommand(@TargetAggregateIdentifier @NotBlank String listingId) {}
