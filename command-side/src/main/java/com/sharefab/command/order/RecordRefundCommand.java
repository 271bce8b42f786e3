package com.sharefab.command.order;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The settlement refunded money to the buyer (sent by the booking process). */
public record RecordRefundCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank String refundId, @NotNull Money amount, String reason, @NotNull Instant refundedAt) {}
