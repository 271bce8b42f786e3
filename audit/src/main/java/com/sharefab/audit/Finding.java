package com.sharefab.audit;

/**
 * The first bad position the verifier met.
 *
 * @param globalIndex     the position
 * @param kind            what is wrong there
 * @param expectedEventId the event the chain linked at that position ({@code null} for a gap or a checkpoint finding)
 * @param foundEventId    the event the store or bundle holds there now ({@code null} if none)
 * @param message         the same in words
 */
public record Finding(long globalIndex, TamperKind kind, String expectedEventId, String foundEventId, String message) {}
