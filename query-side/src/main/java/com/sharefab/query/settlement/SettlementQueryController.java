package com.sharefab.query.settlement;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The {@code settlement} query. */
@Controller
class SettlementQueryController {

    private final SettlementViews views;

    SettlementQueryController(SettlementViews views) {
        this.views = views;
    }

    @QueryMapping
    SettlementView settlement(@Argument String orderId) {
        return views.findByOrder(orderId).orElse(null);
    }
}
