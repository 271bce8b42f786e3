package com.sharefab.command.order;

import com.sharefab.events.order.MaterialQuantity;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The buyer sent supplied materials; idempotent per tracking number. */
public record ShipMaterialsCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank String carrier, @NotBlank String trackingNumber, @NotEmpty List<MaterialQuantity> materials) {}
