package com.sharefab.events.firm;

/** What a firm does on the platform; one firm may be both. */
public enum FirmRole {
    BUYER,
    FACTORY
}
