package com.sharefab.app.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sharefab.events.listing.ListingPausedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@link ListingPausedEvent} revision 1 → 2: adds {@code reasonCode} = {@code UNSPECIFIED}. The stored event is never
 * rewritten (the audit chain hashes the stored bytes); every reader (aggregates, processors, as-of, replays) gets
 * revision 2 through the event storage engine's upcaster chain, which takes every {@code EventUpcaster} bean.
 */
@Component
class ListingPausedEventUpcaster extends SingleEventUpcaster {

    private static final String TYPE = ListingPausedEvent.class.getName();
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPE.equals(representation.getType().getName()) && "1".equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, json -> {
            ObjectNode upcast = ((ObjectNode) json).deepCopy();
            if (!upcast.has("reasonCode") || upcast.get("reasonCode").isNull()) {
                upcast.put("reasonCode", ListingPausedEvent.UNSPECIFIED);
            }
            return upcast;
        });
    }
}
