package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The order's money is closed: every fen captured was released, refunded or kept as commission. A completed order
 * becomes settled; a cancelled or rejected one keeps its status.
 *
 * @param orderId    the order
 * @param captured   total captured
 * @param released   total released to the factory
 * @param refunded   total refunded to the buyer
 * @param commission total kept by the platform
 * @param settledAt  business time
 */
@Revision("1")
public record OrderSettledEvent(
        String orderId, Money captured, Money released, Money refunded, Money commission, Instant settledAt)
        implements OrderEvent {}
