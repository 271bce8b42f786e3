package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take reservations on a paused listing again; by the owning factory or the operator. */
public record ResumeListingCommand(@TargetAggregateIdentifier @NotBlank String listingId) {}
