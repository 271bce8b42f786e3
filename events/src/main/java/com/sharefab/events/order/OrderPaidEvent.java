package com.sharefab.events.order;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The buyer's payment is held in escrow; the factory must accept or reject.
 *
 * @param orderId           the order
 * @param amount            what was captured
 * @param providerPaymentId the payment provider's id of the payment
 * @param acceptBy          when the order is declined for the factory if it has not answered
 * @param paidAt            business time
 */
@Revision("1")
public record OrderPaidEvent(String orderId, Money amount, String providerPaymentId, Instant acceptBy, Instant paidAt)
        implements OrderEvent {}
