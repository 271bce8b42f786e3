package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The acceptance deadline passed (sent by the platform): decline if still unanswered. */
public record ExpireOrderAcceptanceCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
