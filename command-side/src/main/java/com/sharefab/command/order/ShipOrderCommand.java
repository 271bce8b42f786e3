package com.sharefab.command.order;

import com.sharefab.events.order.MaterialQuantity;
import jakarta.validation.constraints.Positive;
import java.util.List;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory ships the finished work and returns unused materials. */
public record ShipOrderCommand(@TargetAggregateIdentifier @NotBlank String orderId, @Positive long quantity, @NotBlank String carrier, @NotBlank String trackingNumber, List<MaterialQuantity> returnedMaterials) {}
