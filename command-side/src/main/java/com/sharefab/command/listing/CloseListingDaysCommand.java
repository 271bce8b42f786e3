package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close days of the bookable range for booking; days already closed are left as they are. */
public record CloseListingDaysCommand(
        @TargetAggregateIdentifier @NotBlank String listingId, @NotEmpty @Size(max = 366) List<LocalDate> days) {}
