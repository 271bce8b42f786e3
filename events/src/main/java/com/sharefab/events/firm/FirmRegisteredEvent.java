package com.sharefab.events.firm;

import java.time.Instant;
import java.util.Set;
import org.axonframework.serialization.Revision;

/**
 * A firm joined the platform under its Unified Social Credit Code (统一社会信用代码).
 *
 * @param firmId       the client-supplied id of the firm
 * @param name         the registered name
 * @param uscc         the 18-character Unified Social Credit Code, upper case
 * @param roles        buyer and/or factory
 * @param contactName  the person to call
 * @param contactPhone their phone number
 * @param contactEmail their e-mail, or {@code null}
 * @param registeredAt business time of the registration
 */
@Revision("1")
public record FirmRegisteredEvent(
        String firmId,
        String name,
        String uscc,
        Set<FirmRole> roles,
        String contactName,
        String contactPhone,
        String contactEmail,
        Instant registeredAt)
        implements FirmEvent {}
