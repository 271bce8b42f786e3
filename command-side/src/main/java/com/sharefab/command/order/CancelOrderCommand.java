package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The buyer cancels before the factory accepted (refunded if paid). */
public record CancelOrderCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
