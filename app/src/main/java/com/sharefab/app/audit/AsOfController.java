package com.sharefab.app.audit;

import com.sharefab.app.audit.AsOfMoments.Moment;
import com.sharefab.app.audit.StateDiff.FieldChange;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.query.order.OrderHistory;
import com.sharefab.query.order.OrderView;
import com.sharefab.query.settlement.SettlementHistory;
import com.sharefab.query.settlement.SettlementView;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Orders and settlements as of a moment, and what changed between two moments (issue 7), rebuilt from their events
 * with the live projections' folds. AUDITOR only: the schema's {@code @access} checks the role before these run.
 */
@Controller
class AsOfController {

    /** {@code StateChanges}. */
    record StateChanges(String id, String aggregateId, boolean existedBefore, boolean existsAfter,
            List<FieldChange> changes) {}

    private final AsOfMoments moments;
    private final OrderHistory orders;
    private final SettlementHistory settlements;

    AsOfController(AsOfMoments moments, OrderHistory orders, SettlementHistory settlements) {
        this.moments = moments;
        this.orders = orders;
        this.settlements = settlements;
    }

    @QueryMapping
    OrderView orderAsOf(@Argument String orderId, @Argument Instant at, @Argument Long globalIndex) {
        return orders.asOf(orderId, moments.upTo(orderId, new Moment(at, globalIndex), "at")).orElse(null);
    }

    @QueryMapping
    SettlementView settlementAsOf(@Argument String orderId, @Argument Instant at, @Argument Long globalIndex) {
        String settlementId = SettlementIds.forOrder(orderId);
        return settlements.asOf(settlementId, moments.upTo(settlementId, new Moment(at, globalIndex), "at"))
                .orElse(null);
    }

    @QueryMapping
    StateChanges orderChanges(@Argument String orderId, @Argument Moment from, @Argument Moment to) {
        Document before = orders.asOf(orderId, moments.upTo(orderId, from, "from"))
                .map(OrderHistory::document).orElse(null);
        Document after = orders.asOf(orderId, moments.upTo(orderId, to, "to"))
                .map(OrderHistory::document).orElse(null);
        return changes(orderId, from, to, before, after);
    }

    @QueryMapping
    StateChanges settlementChanges(@Argument String orderId, @Argument Moment from, @Argument Moment to) {
        String settlementId = SettlementIds.forOrder(orderId);
        Document before = settlements.documentAsOf(settlementId, moments.upTo(settlementId, from, "from"))
                .orElse(null);
        Document after = settlements.documentAsOf(settlementId, moments.upTo(settlementId, to, "to")).orElse(null);
        return changes(settlementId, from, to, before, after);
    }

    private static StateChanges changes(String aggregateId, Moment from, Moment to, Document before, Document after) {
        return new StateChanges(aggregateId + ":" + label(from) + ".." + label(to), aggregateId, before != null,
                after != null, StateDiff.between(before, after));
    }

    private static String label(Moment moment) {
        return moment.at() != null ? moment.at().toString() : "#" + moment.globalIndex();
    }
}
