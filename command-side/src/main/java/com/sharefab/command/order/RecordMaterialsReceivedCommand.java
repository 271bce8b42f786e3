package com.sharefab.command.order;

import com.sharefab.events.order.MaterialQuantity;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory counted the materials it received, noting discrepancies. */
public record RecordMaterialsReceivedCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotEmpty List<MaterialQuantity> materials, String discrepancies) {}
