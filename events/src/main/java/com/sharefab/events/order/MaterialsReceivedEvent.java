package com.sharefab.events.order;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The factory counted the supplied materials it received.
 *
 * @param orderId       the order
 * @param materials     what arrived, per material
 * @param discrepancies the factory's note on what differs from what was shipped (damage, shortfall), or {@code null}
 * @param receivedAt    business time
 */
@Revision("1")
public record MaterialsReceivedEvent(
        String orderId, List<MaterialQuantity> materials, String discrepancies, Instant receivedAt)
        implements OrderEvent {}
