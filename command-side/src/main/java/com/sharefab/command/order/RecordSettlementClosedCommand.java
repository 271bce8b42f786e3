package com.sharefab.command.order;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The settlement closed: nothing is left to move (sent by the booking process). */
public record RecordSettlementClosedCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotNull Money captured, @NotNull Money released, @NotNull Money refunded, @NotNull Money commission) {}
