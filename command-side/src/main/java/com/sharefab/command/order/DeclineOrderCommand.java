package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory rejects the paid job; the buyer is refunded. */
public record DeclineOrderCommand(@TargetAggregateIdentifier @NotBlank String orderId, String note) {}
