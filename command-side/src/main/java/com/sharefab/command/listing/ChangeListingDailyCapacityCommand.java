package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set the units the factory can produce per day; never below what is already reserved on any day. */
public record ChangeListingDailyCapacityCommand(
        @TargetAggregateIdentifier @NotBlank String listingId, @Positive long dailyCapacity) {}
