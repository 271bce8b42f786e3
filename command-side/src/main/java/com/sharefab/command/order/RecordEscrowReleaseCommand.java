package com.sharefab.command.order;

import com.sharefab.events.Money;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The settlement released escrow to the factory (sent by the booking process). */
public record RecordEscrowReleaseCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank String releaseId, @NotNull Money toFactory, @NotNull Money commission, @NotNull Instant releasedAt) {}
