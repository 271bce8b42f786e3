package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory takes the paid job. */
public record AcceptOrderCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
