package com.sharefab.command.settlement;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.sharefab.command.axon.Actors;
import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.settlement.CommissionRateSetEvent;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The platform's commission rate, one for the platform ({@link #ID}): the operator sets it; each settlement takes the
 * rate in force when it opens and keeps it. Until the operator sets one, {@code sharefab.settlement.commission-basis-points}
 * (300 = 3 %) is in force.
 */
@Aggregate
class PlatformCommission {

    /** The one platform commission's id ({@code .} keeps it apart from client-chosen ids). */
    static final String ID = "platform.commission";

    @AggregateIdentifier
    private String commissionId;

    private Integer basisPoints;

    PlatformCommission() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetCommissionRateCommand command, MetaData metaData) {
        if (!Actors.OPERATOR.equals(Actors.of(metaData).role())) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only the operator sets the commission");
        }
        if (!ID.equals(command.commissionId())) {
            throw new DomainException(CommonErrorCode.NOT_FOUND, "the platform commission is " + ID, "commissionId");
        }
        if (basisPoints != null && basisPoints == command.basisPoints()) {
            return;
        }
        apply(new CommissionRateSetEvent(ID, command.basisPoints(), Instant.now(GenericEventMessage.clock)));
    }

    @EventSourcingHandler
    void on(CommissionRateSetEvent event) {
        commissionId = event.commissionId();
        basisPoints = event.basisPoints();
    }
}
