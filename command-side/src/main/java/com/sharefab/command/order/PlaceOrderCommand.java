package com.sharefab.command.order;

import com.sharefab.events.order.MaterialQuantity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Book {@code quantity} units of a listing's step inside [{@code windowFrom}, {@code windowTo}]; idempotent per order id. */
public record PlaceOrderCommand(
        @TargetAggregateIdentifier
                @NotBlank
                @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
                String orderId,
        @NotBlank String listingId,
        @Positive long quantity,
        @NotNull LocalDate windowFrom,
        @NotNull LocalDate windowTo,
        List<MaterialQuantity> materials,
        @PositiveOrZero Long inHouseUnitCostFen) {

    public PlaceOrderCommand {
        materials = materials == null ? List.of() : List.copyOf(materials);
    }
}
