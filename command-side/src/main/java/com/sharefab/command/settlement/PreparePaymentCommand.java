package com.sharefab.command.settlement;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The buyer wants to pay: answers the {@link PaymentOrder} the provider is to be asked for (records the request the
 * first time). Only the buyer firm (or the platform) may; idempotent.
 */
public record PreparePaymentCommand(@TargetAggregateIdentifier @NotBlank String settlementId) {}
