package com.sharefab.command.firm;

import com.sharefab.events.firm.FirmRole;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a firm under its Unified Social Credit Code; idempotent per client-supplied {@code firmId}. */
public record RegisterFirmCommand(
        @TargetAggregateIdentifier @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'")
                String firmId,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @UnifiedSocialCreditCode String uscc,
        @NotEmpty Set<FirmRole> roles,
        @NotBlank @Size(max = 100) String contactName,
        @NotBlank @Pattern(regexp = "\\+?[0-9 -]{5,20}", message = "must be a phone number") String contactPhone,
        @Email @Size(max = 200) String contactEmail) {}
