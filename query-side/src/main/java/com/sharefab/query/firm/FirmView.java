package com.sharefab.query.firm;

import com.sharefab.events.firm.FirmRole;
import java.time.Instant;
import java.util.List;

/** A firm as the GraphQL {@code Firm} type shows it. */
public record FirmView(
        String id,
        String name,
        String uscc,
        List<FirmRole> roles,
        String contactName,
        String contactPhone,
        String contactEmail,
        Instant registeredAt) {}
