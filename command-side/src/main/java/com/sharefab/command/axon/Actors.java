package com.sharefab.command.axon;

import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import org.axonframework.messaging.MetaData;

/** Who sent a command (from its metadata, set by {@code Commands}) and what they may do. */
public final class Actors {

    public static final String OPERATOR = "OPERATOR";
    public static final String SYSTEM = "SYSTEM";
    public static final String AUDITOR = "AUDITOR";

    private Actors() {}

    /** The actor recorded in a command's metadata; anonymous when there is none. */
    public static Actor of(MetaData metaData) {
        Object userId = metaData.get(EventMetadata.ACTOR_ID);
        Object firmId = metaData.get(EventMetadata.ACTOR_FIRM_ID);
        Object role = metaData.get(EventMetadata.ACTOR_ROLE);
        return new Actor(
                userId == null ? "anonymous" : userId.toString(),
                firmId == null ? null : firmId.toString(),
                role == null ? "ANONYMOUS" : role.toString());
    }

    /** Whether the actor acts for {@code firmId} in a role that may write (auditors only read). */
    public static boolean actsFor(Actor actor, String firmId) {
        return firmId != null && firmId.equals(actor.firmId()) && !AUDITOR.equals(actor.role());
    }

    /** Whether the actor acts for some firm in a role that may write. */
    public static boolean actsForAFirm(Actor actor) {
        return actsFor(actor, actor.firmId());
    }

    /** Whether the actor is the platform: its operator, or the platform's own processes (sagas, deadlines). */
    public static boolean isPlatform(Actor actor) {
        return OPERATOR.equals(actor.role()) || SYSTEM.equals(actor.role());
    }
}
