package com.sharefab.command.settlement;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Start tracking an order's money at the commission rate now in force; idempotent per settlement id. */
public record OpenSettlementCommand(
        @TargetAggregateIdentifier @NotBlank String settlementId,
        @NotBlank String orderId,
        @NotBlank String buyerFirmId,
        @NotBlank String factoryFirmId,
        @NotNull Money amount) {}
