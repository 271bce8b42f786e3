package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory starts producing (materials received). */
public record StartProductionCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
