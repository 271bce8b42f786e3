package com.sharefab.command.payment;

import jakarta.validation.constraints.NotBlank;

/** The buyer wants to pay an order: create (or find again) its payment at the provider; answers {@link PaymentInstructions}. */
public record RequestPaymentCommand(@NotBlank String settlementId) {}
