package com.sharefab.query.order;

import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import com.sharefab.query.graphql.InvalidArgumentException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The queries {@code order}, {@code myOrders} and {@code jobBoard}, and the computed fields of {@code Order}. */
@Controller
class OrderQueryController {

    /** The GraphQL context key of the acting {@link Actor} (the command side's {@code Commands.ACTOR}). */
    static final String ACTOR = Access.ACTOR;

    static final ZoneId CALENDAR = ZoneId.of("Asia/Shanghai");

    /** Paid, waiting for the factory's answer. */
    static final Set<String> AWAITING_ACCEPTANCE = Set.of("PAID");
    /** Accepted and not yet shipped. */
    static final Set<String> IN_PRODUCTION =
            Set.of("ACCEPTED", "MATERIALS_SHIPPED", "MATERIALS_RECEIVED", "IN_PRODUCTION");

    private final OrderViews views;

    OrderQueryController(OrderViews views) {
        this.views = views;
    }

    @QueryMapping
    OrderView order(@Argument String id, @ContextValue(name = ACTOR, required = false) Actor actor) {
        return views.find(id).filter(view -> visibleTo(view, actor)).orElse(null);
    }

    @QueryMapping
    Connection<OrderView> myOrders(
            @Argument List<String> status,
            @Argument Integer first,
            @Argument String after,
            @ContextValue(name = ACTOR, required = false) Actor actor) {
        int size = Cursors.pageSize(first);
        String afterId = Cursors.decode(after);
        if (!Access.signedIn(actor)) {
            return Cursors.page(List.of(), size, afterId != null, OrderView::id);
        }
        var statuses = status == null ? List.<String>of() : status;
        // A firm's users see the orders their firm placed; auditors and the operator every order.
        String buyerFirmId = Access.readsEverything(actor) ? null : actor.firmId();
        return Cursors.page(views.page("buyerFirmId", buyerFirmId, statuses, null, afterId, size + 1), size,
                afterId != null, OrderView::id);
    }

    @QueryMapping
    JobBoard jobBoard(@Argument Integer dueWithinDays, @ContextValue(name = ACTOR, required = false) Actor actor) {
        int days = dueWithinDays == null ? 3 : dueWithinDays;
        if (days < 0 || days > 366) {
            throw new InvalidArgumentException("dueWithinDays", "must be between 0 and 366");
        }
        // Only a factory has a job board (@access); it is always its own firm's.
        String firmId = Access.signedIn(actor) && Access.FACTORY.equals(actor.role()) ? actor.firmId() : null;
        return new JobBoard("jobBoard:" + firmId, firmId, LocalDate.now(CALENDAR).plusDays(days));
    }

    @SchemaMapping(typeName = "JobBoard")
    Connection<OrderView> awaitingAcceptance(JobBoard board, @Argument Integer first, @Argument String after) {
        return boardPage(board, AWAITING_ACCEPTANCE, null, first, after);
    }

    @SchemaMapping(typeName = "JobBoard")
    Connection<OrderView> inProduction(JobBoard board, @Argument Integer first, @Argument String after) {
        return boardPage(board, IN_PRODUCTION, null, first, after);
    }

    @SchemaMapping(typeName = "JobBoard")
    Connection<OrderView> dueSoon(JobBoard board, @Argument Integer first, @Argument String after) {
        return boardPage(board, IN_PRODUCTION, board.dueBy(), first, after);
    }

    private Connection<OrderView> boardPage(
            JobBoard board, Set<String> statuses, LocalDate dueBy, Integer first, String after) {
        int size = Cursors.pageSize(first);
        String afterId = Cursors.decode(after);
        if (board.factoryFirmId() == null) {
            return Cursors.page(List.of(), size, afterId != null, OrderView::id);
        }
        return Cursors.page(views.page("factoryFirmId", board.factoryFirmId(), statuses, dueBy, afterId, size + 1),
                size, afterId != null, OrderView::id);
    }

    @SchemaMapping(typeName = "Order")
    Step step(OrderView order) {
        return StepTaxonomy.step(order.stepCode()).orElseThrow();
    }

    /** (in-house cost − locked price) per unit and in total; negative when the booking costs more. */
    @SchemaMapping(typeName = "Order")
    Saving saving(OrderView order) {
        if (order.inHouseUnitCost() == null || order.unitPrice() == null || order.inHouseUnitCost().fen() == 0) {
            return null;
        }
        Money perUnit = order.inHouseUnitCost().minus(order.unitPrice());
        double percent = Math.round(1000.0 * perUnit.fen() / order.inHouseUnitCost().fen()) / 10.0;
        return new Saving(order.id() + ":saving", perUnit, perUnit.times(order.quantity()), percent);
    }

    @SchemaMapping(typeName = "Order")
    boolean materialsBalanced(OrderView order) {
        return order.materials().stream().allMatch(m -> m.unaccounted() == 0);
    }

    @SchemaMapping(typeName = "MaterialCustody")
    long inTransit(OrderView.MaterialCustody custody) {
        return custody.inTransit();
    }

    @SchemaMapping(typeName = "MaterialCustody")
    long unaccounted(OrderView.MaterialCustody custody) {
        return custody.unaccounted();
    }

    /** Its buyer, its factory, the operator and auditors see an order; nobody else learns it exists. */
    static boolean visibleTo(OrderView order, Actor actor) {
        return Access.visible(actor, order, o -> new String[] {o.buyerFirmId(), o.factoryFirmId()}) != null;
    }

    /** GraphQL {@code JobBoard}: one factory's jobs; {@code dueBy} bounds "due soon". */
    record JobBoard(String id, String factoryFirmId, LocalDate dueBy) {}

    /** GraphQL {@code Saving}. */
    record Saving(String id, Money perUnit, Money total, double percent) {}
}
