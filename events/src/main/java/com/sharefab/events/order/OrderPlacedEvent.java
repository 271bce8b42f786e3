package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A buyer booked a quantity of a listing's step; capacity is not held yet.
 *
 * @param orderId         client-chosen id
 * @param buyerFirmId     the buyer
 * @param factoryFirmId   the factory that owns the listing
 * @param listingId       the listing booked
 * @param stepCode        the listing's step
 * @param quantity        units booked
 * @param windowFrom      first production day the buyer accepts
 * @param windowTo        last production day the buyer accepts
 * @param materials       what the buyer will supply
 * @param inHouseUnitCost what one unit costs the buyer in house; {@code null} when not declared
 * @param placedAt        business time
 */
@Revision("1")
public record OrderPlacedEvent(
        String orderId,
        String buyerFirmId,
        String factoryFirmId,
        String listingId,
        String stepCode,
        long quantity,
        LocalDate windowFrom,
        LocalDate windowTo,
        List<MaterialQuantity> materials,
        Money inHouseUnitCost,
        Instant placedAt)
        implements OrderEvent {}
