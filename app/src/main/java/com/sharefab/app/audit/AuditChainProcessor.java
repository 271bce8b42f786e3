package com.sharefab.app.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Keeps the hash chain up with the store: its own tracking processor ({@value #PROCESSING_GROUP}), so one node at a
 * time extends it (the token claim) and it resumes where it stopped. Every event, whatever its type, only says how far
 * the store has come; the chain reads the stored bytes itself. A replay changes nothing: the links are there.
 *
 * <p>The chain is extended once per batch the processor takes, at the batch's last event: extending reads the chain's
 * head, the window's records and events and writes the links (five round trips), so doing it for every event made the
 * chain fall behind as soon as events came faster than it could make those trips. Every extension links all indexes
 * up to its target, so the last event's covers the whole batch, and one that fails is made good by the next.
 */
@Component
@ProcessingGroup(AuditChainProcessor.PROCESSING_GROUP)
class AuditChainProcessor {

    static final String PROCESSING_GROUP = "audit-chain";

    private final AuditChain chain;

    AuditChainProcessor(AuditChain chain) {
        this.chain = chain;
    }

    @EventHandler
    void on(Object anyEvent, TrackingToken token, UnitOfWork<?> unitOfWork) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && !batch.isLastMessage()) {
            return; // the batch's last event extends the chain over this one too
        }
        token.position().ifPresent(chain::extendTo);
    }
}
