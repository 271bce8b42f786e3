package com.sharefab.query.listing;

import com.sharefab.events.Actor;
import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.graphql.Access;
import com.sharefab.query.graphql.Connection;
import com.sharefab.query.graphql.Cursors;
import com.sharefab.query.graphql.InvalidArgumentException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The queries {@code listings}, {@code listing} and {@code myListings}, and the computed fields of {@code Listing}. */
@Controller
class ListingQueryController {

    /** The longest range of days one request may ask for (a leap year). */
    static final int MAX_DAYS = 366;

    private final ListingViews views;
    private final ListingSearch search;
    private final BusinessDay businessDay;

    /**
     * {@code sharefab.listings.search}: {@code catalog} (the default, in memory per node) or {@code mongo} (compound
     * indexes on {@code listing_views}, for a real MongoDB whose listings outgrow a node's memory); ADR 0005.
     */
    @Autowired
    ListingQueryController(
            ListingViews views,
            ListingCatalog catalog,
            BusinessDay businessDay,
            MongoDatabase database,
            @Value("${sharefab.listings.search:catalog}") String search) {
        this(views, choose(search, catalog, database), businessDay);
    }

    ListingQueryController(ListingViews views, ListingSearch search, BusinessDay businessDay) {
        this.views = views;
        this.search = search;
        this.businessDay = businessDay;
    }

    private static ListingSearch choose(String search, ListingCatalog catalog, MongoDatabase database) {
        return switch (search) {
            case "catalog" -> catalog;
            case "mongo" -> {
                var mongo = new MongoListingSearch(database);
                mongo.ensureIndexes();
                yield mongo;
            }
            default -> throw new IllegalArgumentException(
                    "sharefab.listings.search must be 'catalog' or 'mongo', not '" + search + "'");
        };
    }

    @QueryMapping
    Connection<ListingView> listings(
            @Argument ListingFilter filter,
            @Argument ListingSort sort,
            @Argument Integer first,
            @Argument String after) {
        int size = Cursors.pageSize(first);
        var order = sort == null ? ListingSort.PRICE_ASC : sort;
        var criteria = criteria(filter);
        var afterHit = decode(after, order);
        var hits = search.search(criteria, order, afterHit, size + 1, businessDay.today());
        var page = hits.size() > size ? hits.subList(0, size) : hits;
        var nodes = views.findAll(page.stream().map(ListingCatalog.Hit::id).toList()).stream()
                .collect(Collectors.toMap(ListingView::id, Function.identity()));
        var edges = new ArrayList<Connection.Edge<ListingView>>();
        for (var hit : page) {
            var node = nodes.get(hit.id());
            if (node != null) { // null only while the read model is being rebuilt
                edges.add(new Connection.Edge<>(encode(order, hit), node));
            }
        }
        return new Connection<>(
                edges,
                new Connection.PageInfo(
                        hits.size() > size,
                        afterHit != null,
                        edges.isEmpty() ? null : edges.get(0).cursor(),
                        edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }

    @QueryMapping
    ListingView listing(@Argument String id) {
        return views.find(id).orElse(null);
    }

    /**
     * The acting factory's own listings in every status, oldest id first. Scoped by the token's firm, never by an
     * argument: nobody can ask for another firm's. Nobody's without a firm.
     */
    @QueryMapping
    Connection<ListingView> myListings(
            @Argument Integer first,
            @Argument String after,
            @ContextValue(name = Access.ACTOR, required = false) Actor actor) {
        int size = Cursors.pageSize(first);
        String afterId = Cursors.decode(after);
        if (!Access.signedIn(actor)) {
            return Cursors.page(List.of(), size, afterId != null, ListingView::id);
        }
        return Cursors.page(views.pageOfFactory(actor.firmId(), afterId, size + 1), size, afterId != null,
                ListingView::id);
    }

    @SchemaMapping(typeName = "Listing")
    Step step(ListingView listing) {
        return StepTaxonomy.step(listing.stepCode()).orElseGet(() -> unknownStep(listing.stepCode()));
    }

    @SchemaMapping(typeName = "Listing")
    LocalDate earliestFreeDay(ListingView listing) {
        return listing.earliestFreeDay(businessDay.today());
    }

    /**
     * The calendar of {@code [from, to]}. Without arguments the bookable range (its first 366 days); with one,
     * up to 366 days from it within the bookable range; with both, exactly that range, at most 366 days.
     */
    @SchemaMapping(typeName = "Listing")
    List<ListingDay> days(ListingView listing, @Argument LocalDate from, @Argument LocalDate to) {
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                throw new InvalidArgumentException("to", "must not be before from");
            }
            if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                throw new InvalidArgumentException("to", "must be at most " + MAX_DAYS + " days from from, inclusive");
            }
            return listing.days(from, to);
        }
        LocalDate start;
        LocalDate end;
        if (to != null) {
            end = to;
            start = latest(listing.bookableFrom(), to.minusDays(MAX_DAYS - 1));
        } else {
            start = from != null ? from : listing.bookableFrom();
            end = earliest(listing.bookableTo(), start.plusDays(MAX_DAYS - 1));
        }
        return end.isBefore(start) ? List.of() : listing.days(start, end);
    }

    /** Checks the filter and turns it into the catalog's criteria; every refusal names the field at fault. */
    static ListingCatalog.Criteria criteria(ListingFilter filter) {
        if (filter == null) {
            return new ListingCatalog.Criteria(null, null, null, null, null, null, null, 0);
        }
        if (filter.stepCode() != null && StepTaxonomy.step(filter.stepCode()).isEmpty()) {
            throw new InvalidArgumentException("filter.stepCode", "is not a step of the taxonomy");
        }
        if (filter.industryCode() != null && StepTaxonomy.industry(filter.industryCode()).isEmpty()) {
            throw new InvalidArgumentException("filter.industryCode", "is not an industry of the taxonomy");
        }
        if (filter.maxUnitPriceFen() != null && filter.maxUnitPriceFen() < 0) {
            throw new InvalidArgumentException("filter.maxUnitPriceFen", "must not be negative");
        }
        if (filter.minFreeQuantity() != null && filter.minFreeQuantity() < 1) {
            throw new InvalidArgumentException("filter.minFreeQuantity", "must be at least 1");
        }
        var from = filter.from();
        var to = filter.to();
        if (from == null && to != null) {
            throw new InvalidArgumentException("filter.from", "is required with filter.to");
        }
        if (from != null && to == null) {
            throw new InvalidArgumentException("filter.to", "is required with filter.from");
        }
        if (from == null && filter.minFreeQuantity() != null) {
            throw new InvalidArgumentException("filter.from", "and filter.to are required with filter.minFreeQuantity");
        }
        if (from != null) {
            if (to.isBefore(from)) {
                throw new InvalidArgumentException("filter.to", "must not be before filter.from");
            }
            if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                throw new InvalidArgumentException(
                        "filter.to", "must be at most " + MAX_DAYS + " days from filter.from, inclusive");
            }
        }
        // A window without a quantity asks for any free capacity in it.
        long minFree = from == null ? 0 : filter.minFreeQuantity() == null ? 1 : filter.minFreeQuantity();
        return new ListingCatalog.Criteria(
                filter.stepCode(),
                filter.industryCode(),
                blankToNull(filter.province()),
                blankToNull(filter.city()),
                filter.maxUnitPriceFen(),
                from,
                to,
                minFree);
    }

    /** A cursor: the order's tag, the sort key and the id, so the next page starts strictly after it. */
    static String encode(ListingSort sort, ListingCatalog.Hit hit) {
        return Cursors.encode(sort.tag + ":" + hit.key() + ":" + hit.id());
    }

    static ListingCatalog.Hit decode(String cursor, ListingSort sort) {
        String decoded = Cursors.decode(cursor);
        if (decoded == null) {
            return null;
        }
        var parts = decoded.split(":", 3);
        if (parts.length != 3) {
            throw new InvalidArgumentException("after", "is not a cursor this API gave out");
        }
        if (!parts[0].equals(sort.tag)) {
            throw new InvalidArgumentException("after", "belongs to another sort order");
        }
        try {
            return new ListingCatalog.Hit(parts[2], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("after", "is not a cursor this API gave out");
        }
    }

    private static Step unknownStep(String code) {
        // Codes are never removed from the taxonomy; this only keeps a non-null field non-null.
        int dot = code.indexOf('.');
        return new Step(code, dot > 0 ? code.substring(0, dot) : code, code, code);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
