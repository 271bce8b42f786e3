package com.sharefab.events.order;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The buyer sent supplied materials to the factory (one shipment; an order may have several).
 *
 * @param orderId        the order
 * @param carrier        the carrier
 * @param trackingNumber the carrier's tracking number (identifies the shipment within the order)
 * @param materials      what was sent
 * @param shippedAt      business time
 */
@Revision("1")
public record MaterialsShippedEvent(
        String orderId, String carrier, String trackingNumber, List<MaterialQuantity> materials, Instant shippedAt)
        implements OrderEvent {}
