package com.sharefab.query.settlement;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The {@code settlement} query: its buyer, its factory, auditors and the operator see it; others get null. */
@Controller
class SettlementQueryController {

    private final SettlementViews views;

    SettlementQueryController(SettlementViews views) {
        this.views = views;
    }

    @QueryMapping
    SettlementView settlement(
            @Argument String orderId, @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        return Access.visible(actor, views.findByOrder(orderId).orElse(null),
                s -> new String[] {s.buyerFirmId(), s.factoryFirmId()});
    }
}
