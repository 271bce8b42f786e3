package com.sharefab.events.settlement;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The operator set the platform commission for settlements opened from now on.
 *
 * @param commissionId  the platform commission's id (one for the platform)
 * @param basisPoints   1/100 of a percent (300 = 3 %), 0 to 10000
 * @param setAt         business time
 */
@Revision("1")
public record CommissionRateSetEvent(String commissionId, int basisPoints, Instant setAt) {}
