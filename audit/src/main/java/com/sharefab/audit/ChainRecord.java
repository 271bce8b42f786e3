package com.sharefab.audit;

/**
 * One link of the chain as the platform wrote it.
 *
 * @param globalIndex     the position it links
 * @param eventIdentifier the event found there when it was linked; {@code null} if the position was empty (a gap)
 * @param eventHash       SHA-256 of that event's canonical bytes (hex): tells an altered event from a moved one
 * @param link            the chain link (hex) after this position
 */
public record ChainRecord(long globalIndex, String eventIdentifier, String eventHash, String link) {

    /** The record for an event, linked after {@code previousLink}. */
    public static ChainRecord of(AuditedEvent event, String previousLink) {
        byte[] canonical = CanonicalEncoding.of(event);
        return new ChainRecord(event.globalIndex(), event.eventIdentifier(), HashChain.hash(canonical),
                HashChain.link(previousLink, canonical));
    }

    /** The record for a position found empty, linked after {@code previousLink}. */
    public static ChainRecord absent(long globalIndex, String previousLink) {
        byte[] canonical = CanonicalEncoding.ofAbsent(globalIndex);
        return new ChainRecord(globalIndex, null, HashChain.hash(canonical), HashChain.link(previousLink, canonical));
    }

    public boolean isGap() {
        return eventIdentifier == null;
    }
}
