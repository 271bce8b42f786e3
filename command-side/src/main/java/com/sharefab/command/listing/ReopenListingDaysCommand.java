package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open closed days for booking again; days that are open are left as they are. */
public record ReopenListingDaysCommand(
        @TargetAggregateIdentifier @NotBlank String listingId, @NotEmpty @Size(max = 366) List<LocalDate> days) {}
