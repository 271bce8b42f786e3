package com.sharefab.command.listing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hold units for an order on days inside [{@code from}, {@code to}]; answers a {@link ReservationOutcome}. */
public record ReserveCapacityCommand(
        @TargetAggregateIdentifier @NotBlank String listingId,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
                String orderId,
        @Positive long quantity,
        @NotNull LocalDate from,
        @NotNull LocalDate to) {}
