package com.sharefab.events;

/**
 * Keys of the metadata every event carries: who did it, on whose behalf, and which request caused it.
 *
 * <p>The keys are set once per command (by the app's command metadata) and copied onto every event the
 * command causes by Axon's correlation data providers; the event's own timestamp says when.
 */
public final class EventMetadata {

    /** The user (token subject) who issued the command. */
    public static final String ACTOR_ID = "actorId";
    /** The firm the actor acted for. */
    public static final String ACTOR_FIRM_ID = "actorFirmId";
    /** The role the actor acted in: BUYER, FACTORY, AUDITOR, OPERATOR, or SYSTEM for the platform itself. */
    public static final String ACTOR_ROLE = "actorRole";
    /** The client's own request id (header {@code X-Request-Id}), so a phone's retry can be traced. */
    public static final String REQUEST_ID = "requestId";
    /** The id of the first message in the chain of messages (set by Axon's {@code MessageOriginProvider}). */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";

    private EventMetadata() {}
}
