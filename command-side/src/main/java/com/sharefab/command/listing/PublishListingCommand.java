package com.sharefab.command.listing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Publish a factory's capacity for one step; idempotent per client-supplied {@code listingId}. */
public record PublishListingCommand(
        @TargetAggregateIdentifier
                @NotBlank
                @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
                String listingId,
        @NotBlank @Size(max = 100) String stepCode,
        @NotBlank @Size(max = 20) String unit,
        @Positive long unitPriceFen,
        @Positive long minOrderQuantity,
        @Positive long dailyCapacity,
        @NotNull LocalDate bookableFrom,
        @NotNull LocalDate bookableTo,
        @Size(max = 366) List<LocalDate> closedDays,
        @PositiveOrZero @Max(365) int leadTimeDays,
        @NotBlank @Size(max = 50) String province,
        @NotBlank @Size(max = 50) String city,
        @Size(max = 20) List<@NotBlank @Size(max = 200) String> requiredMaterials,
        @NotBlank @Size(max = 500) String qualityStandard) {}
