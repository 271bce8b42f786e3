package com.sharefab.command.order;

import com.sharefab.events.Money;
import com.sharefab.events.listing.DayAllocation;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The listing holds the order's units at a locked price (sent by the booking process). */
public record RecordCapacityReservedCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotNull Money unitPrice, @NotNull List<DayAllocation> allocations) {}
