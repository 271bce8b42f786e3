package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The confirmation deadline passed (sent by the platform): confirm if still unconfirmed and undisputed. */
public record AutoConfirmReceiptCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
