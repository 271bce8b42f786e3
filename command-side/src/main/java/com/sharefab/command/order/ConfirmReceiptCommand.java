package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The buyer accepts the delivered work; escrow is released. */
public record ConfirmReceiptCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
