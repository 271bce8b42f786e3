package com.sharefab.events.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The factory took the job; the buyer ships the materials next. */
@Revision("1")
public record OrderAcceptedEvent(String orderId, Instant acceptedAt) implements OrderEvent {}
