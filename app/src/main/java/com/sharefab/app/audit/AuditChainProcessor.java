package com.sharefab.app.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Keeps the hash chain up with the store: its own tracking processor ({@value #PROCESSING_GROUP}), so one node at a
 * time extends it (the token claim) and it resumes where it stopped. Every event, whatever its type, only says how far
 * the store has come; the chain reads the stored bytes itself. A replay changes nothing: the links are there.
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
    void on(Object anyEvent, TrackingToken token) {
        token.position().ifPresent(chain::extendTo);
    }
}
