package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The factory started producing. */
@Revision("1")
public record ProductionStartedEvent(String orderId, Instant startedAt) implements OrderEvent {}
