package com.sharefab.events.settlement;

import com.sharefab.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Nothing is left to move: every fen captured was released (and paid out), refunded or kept as commission,
 * or nothing was ever captured (the order was cancelled before payment).
 *
 * @param settlementId the settlement
 * @param orderId      the order
 * @param captured     total captured
 * @param released     total released to the factory (paid out)
 * @param refunded     total refunded to the buyer
 * @param commission   total kept by the platform
 * @param closedAt     business time
 */
@Revision("1")
public record SettlementClosedEvent(
        String settlementId,
        String orderId,
        Money captured,
        Money released,
        Money refunded,
        Money commission,
        Instant closedAt)
        implements SettlementEvent {}
