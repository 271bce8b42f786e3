package com.sharefab.command.order;


import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** No capacity could be held (sent by the booking process): the order is rejected. */
public record RejectOrderReservationCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank String reason, String message) {}
