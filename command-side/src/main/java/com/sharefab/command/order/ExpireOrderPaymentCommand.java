package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment deadline passed (sent by the platform): cancel if still unpaid. */
public record ExpireOrderPaymentCommand(@TargetAggregateIdentifier @NotBlank String orderId) {}
