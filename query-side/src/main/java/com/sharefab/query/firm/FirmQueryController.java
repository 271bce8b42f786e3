package com.sharefab.query.firm;

import com.sharefab.events.Actor;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The {@code firm} and {@code firms} queries. A firm's record (its contacts) is its own: a firm's users see their
 * firm, auditors and the operator see every firm, nobody sees another's ({@link Access}).
 */
@Controller
class FirmQueryController {

    private final FirmViews views;

    FirmQueryController(FirmViews views) {
        this.views = views;
    }

    @QueryMapping
    FirmView firm(@Argument String id, @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        return Access.visible(actor, views.find(id).orElse(null), firm -> new String[] {firm.id()});
    }

    @QueryMapping
    Connection<FirmView> firms(
            @Argument Integer first,
            @Argument String after,
            @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        int size = Cursors.pageSize(first);
        String afterId = Cursors.decode(after);
        if (Access.readsEverything(actor)) {
            return Cursors.page(views.page(afterId, size + 1), size, afterId != null, FirmView::id);
        }
        // Everyone else sees the one firm they act for.
        var own = actor == null || actor.firmId() == null || (afterId != null && afterId.compareTo(actor.firmId()) >= 0)
                ? List.<FirmView>of()
                : views.find(actor.firmId()).stream().toList();
        return Cursors.page(own, size, afterId != null, FirmView::id);
    }
}
