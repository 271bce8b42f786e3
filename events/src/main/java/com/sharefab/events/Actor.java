package com.sharefab.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who issues a command: a user acting for a firm in a role. Recorded in the metadata of every event.
 *
 * @param userId the user (token subject), or {@code anonymous}
 * @param firmId the firm the user acts for, or {@code null} when there is none yet
 * @param role   BUYER, FACTORY, AUDITOR, OPERATOR (from the token), ANONYMOUS or SYSTEM (the platform itself)
 */
public record Actor(String userId, String firmId, String role) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }

    /** Someone who has not said who they are: may register a firm and read, nothing else. */
    public static Actor anonymous() {
        return new Actor("anonymous", null, "ANONYMOUS");
    }

    /** The platform itself: sagas, deadlines, replays. */
    public static Actor system() {
        return new Actor("system", null, "SYSTEM");
    }

    /** This actor as event metadata entries (null firm left out). */
    public Map<String, String> toMetaData() {
        var metaData = new HashMap<String, String>();
        metaData.put(EventMetadata.ACTOR_ID, userId);
        metaData.put(EventMetadata.ACTOR_ROLE, role);
        if (firmId != null) {
            metaData.put(EventMetadata.ACTOR_FIRM_ID, firmId);
        }
        return metaData;
    }
}
