package com.sharefab.command.listing;

import com.sharefab.command.axon.AggregateCaches;
import com.sharefab.command.axon.Actors;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.sharefab.command.axon.CommonErrorCode;
import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.EventMetadata;
import com.sharefab.events.Money;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.events.listing.CapacityConsumedEvent;
import com.sharefab.events.listing.CapacityReleasedEvent;
import com.sharefab.events.listing.CapacityReservationRejectedEvent;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingDailyCapacityChangedEvent;
import com.sharefab.events.listing.ListingDaysClosedEvent;
import com.sharefab.events.listing.ListingDaysReopenedEvent;
import com.sharefab.events.listing.ListingPausedEvent;
import com.sharefab.events.listing.ListingPriceChangedEvent;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.events.listing.ListingResumedEvent;
import com.sharefab.events.listing.ListingWithdrawnEvent;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.firm.FirmViews;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A factory's offer of one production step: price, minimum order, daily capacity over a bookable calendar, and the
 * units of that capacity held for orders, day by day.
 *
 * <p>A registered factory firm publishes it under a client-chosen id (a retry with the same details changes
 * nothing; other details under the same id are refused). The owning factory then changes its price (new
 * reservations only), daily capacity (never below what a day already holds) and closed days (never a day that
 * holds reservations); it or the operator pauses and resumes it. Orders reserve units earliest day first inside
 * their window, all or nothing, at the price in force, or get a rejection event their process reacts to; a
 * reservation ends when it is released (by the factory, the operator or the firm that made it) or consumed by
 * finished production. A listing without live reservations can be withdrawn, which ends its life: it takes no more
 * changes and rejects every reservation.
 */
@Aggregate(cache = AggregateCaches.LISTINGS)
class CapacityListing {

    /** The calendar every listing day and "today" belong to. */
    static final ZoneId CALENDAR_ZONE = ZoneId.of("Asia/Shanghai");

    /** The longest bookable range, in days (a leap year). */
    static final int MAX_CALENDAR_DAYS = 366;

    @AggregateIdentifier
    private String listingId;

    /** The publication as first made (normalized): what a retried publication is compared with. */
    private PublishListingCommand publication;

    private String factoryFirmId;
    private Money unitPrice;
    private long minOrderQuantity;
    private long dailyCapacity;
    private LocalDate bookableFrom;
    private LocalDate bookableTo;
    private int leadTimeDays;
    private final TreeSet<LocalDate> closedDays = new TreeSet<>();
    private boolean paused;
    private boolean withdrawn;

    /** Units held by live reservations, per day; days holding nothing are absent. */
    private final TreeMap<LocalDate, Long> reservedByDay = new TreeMap<>();

    /** Live reservations (neither released nor consumed) by order id. */
    private final Map<String, LiveReservation> reservations = new HashMap<>();

    CapacityListing() {
        // for Axon
    }

    // --- publish ------------------------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PublishListingCommand command, MetaData metaData, FirmViews firms) {
        Actor actor = Actors.of(metaData);
        var normalized = normalize(command);
        if (publication != null) {
            if (!publication.equals(normalized) || !Actors.actsFor(actor, factoryFirmId)) {
                throw new DomainException(
                        ListingErrorCode.LISTING_ID_CONFLICT,
                        "listing " + command.listingId() + " was published with other details",
                        "listingId");
            }
            return; // a retry of the publication we already hold
        }
        requireRegisteredFactory(actor, firms);
        validatePublication(normalized);
        apply(new ListingPublishedEvent(
                normalized.listingId(),
                actor.firmId(),
                normalized.stepCode(),
                normalized.unit(),
                Money.cny(normalized.unitPriceFen()),
                normalized.minOrderQuantity(),
                normalized.dailyCapacity(),
                normalized.bookableFrom(),
                normalized.bookableTo(),
                normalized.closedDays(),
                normalized.leadTimeDays(),
                normalized.province(),
                normalized.city(),
                normalized.requiredMaterials(),
                normalized.qualityStandard(),
                now()));
    }

    private static void requireRegisteredFactory(Actor actor, FirmViews firms) {
        if (!Actors.actsForAFirm(actor)) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only a factory firm may publish a listing");
        }
        boolean factory = firms.find(actor.firmId())
                .map(firm -> firm.roles().contains(FirmRole.FACTORY))
                .orElse(false);
        if (!factory) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN, "firm " + actor.firmId() + " is not a registered factory firm");
        }
    }

    private static void validatePublication(PublishListingCommand command) {
        if (StepTaxonomy.step(command.stepCode()).isEmpty()) {
            throw badInput("there is no step " + command.stepCode() + " in the taxonomy", "stepCode");
        }
        LocalDate today = today();
        if (command.bookableFrom().isBefore(today)) {
            throw badInput(
                    "bookableFrom " + command.bookableFrom() + " is in the past (today is " + today + ")",
                    "bookableFrom");
        }
        if (command.bookableTo().isBefore(command.bookableFrom())) {
            throw badInput(
                    "bookableTo " + command.bookableTo() + " is before bookableFrom " + command.bookableFrom(),
                    "bookableTo");
        }
        long days = ChronoUnit.DAYS.between(command.bookableFrom(), command.bookableTo()) + 1;
        if (days > MAX_CALENDAR_DAYS) {
            throw badInput(
                    "the bookable range is " + days + " days long; at most " + MAX_CALENDAR_DAYS + " are allowed",
                    "bookableTo");
        }
        for (LocalDate day : command.closedDays()) {
            if (day.isBefore(command.bookableFrom()) || day.isAfter(command.bookableTo())) {
                throw badInput("closed day " + day + " is outside the bookable range", "closedDays");
            }
        }
        long openDays = days - command.closedDays().size();
        long mostEver = openDays == 0
                ? 0
                : command.dailyCapacity() > Long.MAX_VALUE / openDays
                        ? Long.MAX_VALUE
                        : command.dailyCapacity() * openDays;
        if (command.minOrderQuantity() > mostEver) {
            throw badInput(
                    "minOrderQuantity " + command.minOrderQuantity() + " is more than the calendar can ever hold ("
                            + mostEver + " units: " + openDays + " open days of " + command.dailyCapacity() + ")",
                    "minOrderQuantity");
        }
    }

    private static PublishListingCommand normalize(PublishListingCommand command) {
        var closed =
                command.closedDays() == null ? List.<LocalDate>of() : List.copyOf(new TreeSet<>(command.closedDays()));
        var materials = command.requiredMaterials() == null
                ? List.<String>of()
                : command.requiredMaterials().stream().map(String::strip).toList();
        return new PublishListingCommand(
                command.listingId(),
                command.stepCode().strip(),
                command.unit().strip(),
                command.unitPriceFen(),
                command.minOrderQuantity(),
                command.dailyCapacity(),
                command.bookableFrom(),
                command.bookableTo(),
                closed,
                command.leadTimeDays(),
                command.province().strip(),
                command.city().strip(),
                materials,
                command.qualityStandard().strip());
    }

    // --- the factory's changes ----------------------------------------------------------------------------------

    @CommandHandler
    void handle(ChangeListingPriceCommand command, MetaData metaData) {
        requireOwner(Actors.of(metaData));
        requireNotWithdrawn();
        if (unitPrice.fen() == command.unitPriceFen()) {
            return;
        }
        apply(new ListingPriceChangedEvent(listingId, Money.cny(command.unitPriceFen()), now()));
    }

    @CommandHandler
    void handle(ChangeListingDailyCapacityCommand command, MetaData metaData) {
        requireOwner(Actors.of(metaData));
        requireNotWithdrawn();
        if (dailyCapacity == command.dailyCapacity()) {
            return;
        }
        var busiest = reservedByDay.entrySet().stream().max(Map.Entry.comparingByValue());
        if (busiest.isPresent() && busiest.get().getValue() > command.dailyCapacity()) {
            throw new DomainException(
                    ListingErrorCode.DAILY_CAPACITY_BELOW_RESERVED,
                    busiest.get().getValue() + " units are already reserved on "
                            + busiest.get().getKey() + "; the daily capacity cannot be lower",
                    "dailyCapacity");
        }
        apply(new ListingDailyCapacityChangedEvent(listingId, command.dailyCapacity(), now()));
    }

    @CommandHandler
    void handle(CloseListingDaysCommand command, MetaData metaData) {
        requireOwner(Actors.of(metaData));
        requireNotWithdrawn();
        var toClose = new TreeSet<>(command.days());
        toClose.removeAll(closedDays);
        if (toClose.isEmpty()) {
            return; // all closed already
        }
        LocalDate today = today();
        for (LocalDate day : toClose) {
            requireNotPast(day, today);
            if (day.isBefore(bookableFrom) || day.isAfter(bookableTo)) {
                throw badInput(
                        "day " + day + " is outside the bookable range " + bookableFrom + ".." + bookableTo, "days");
            }
            if (reservedByDay.containsKey(day)) {
                throw new DomainException(
                        ListingErrorCode.DAY_HAS_RESERVATIONS,
                        reservedByDay.get(day) + " units are reserved on " + day + "; it cannot be closed",
                        "days");
            }
        }
        apply(new ListingDaysClosedEvent(listingId, List.copyOf(toClose), now()));
    }

    @CommandHandler
    void handle(ReopenListingDaysCommand command, MetaData metaData) {
        requireOwner(Actors.of(metaData));
        requireNotWithdrawn();
        var toReopen = new TreeSet<>(command.days());
        toReopen.retainAll(closedDays);
        if (toReopen.isEmpty()) {
            return; // all open already
        }
        LocalDate today = today();
        toReopen.forEach(day -> requireNotPast(day, today));
        apply(new ListingDaysReopenedEvent(listingId, List.copyOf(toReopen), now()));
    }

    @CommandHandler
    void handle(PauseListingCommand command, MetaData metaData) {
        requireOwnerOrPlatform(Actors.of(metaData));
        requireNotWithdrawn();
        if (paused) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank()
                ? null
                : command.reason().strip();
        apply(new ListingPausedEvent(listingId, reason, now()));
    }

    @CommandHandler
    void handle(ResumeListingCommand command, MetaData metaData) {
        requireOwnerOrPlatform(Actors.of(metaData));
        requireNotWithdrawn();
        if (!paused) {
            return;
        }
        apply(new ListingResumedEvent(listingId, now()));
    }

    @CommandHandler
    void handle(WithdrawListingCommand command, MetaData metaData) {
        requireOwner(Actors.of(metaData));
        if (withdrawn) {
            return;
        }
        if (!reservations.isEmpty()) {
            throw new DomainException(
                    ListingErrorCode.LISTING_HAS_LIVE_RESERVATIONS,
                    "listing " + listingId + " holds " + reservations.size()
                            + " live reservation(s); release or consume them first");
        }
        apply(new ListingWithdrawnEvent(listingId, now()));
    }

    // --- reservations -------------------------------------------------------------------------------------------

    @CommandHandler
    ReservationOutcome handle(ReserveCapacityCommand command, MetaData metaData) {
        Actor actor = Actors.of(metaData);
        if (!Actors.actsForAFirm(actor)) {
            throw new DomainException(CommonErrorCode.FORBIDDEN, "only a firm may reserve capacity");
        }
        var held = reservations.get(command.orderId());
        if (held != null) {
            return held.outcome(listingId, command.orderId()); // a retry: answer the reservation we hold
        }
        // Nothing is remembered of a rejected order: the same order asking again is evaluated afresh, as the
        // listing may have been resumed, reopened or given more capacity since.
        if (command.to().isBefore(command.from())) {
            throw badInput("to " + command.to() + " is before from " + command.from(), "to");
        }
        LocalDate today = today();
        if (command.from().isBefore(today)) {
            throw badInput("from " + command.from() + " is in the past (today is " + today + ")", "from");
        }
        if (withdrawn) {
            return reject(command, RejectionReason.LISTING_WITHDRAWN, "listing " + listingId + " was withdrawn");
        }
        if (paused) {
            return reject(command, RejectionReason.LISTING_PAUSED, "listing " + listingId + " is paused");
        }
        if (command.quantity() < minOrderQuantity) {
            return reject(
                    command,
                    RejectionReason.BELOW_MINIMUM_ORDER,
                    "the minimum order is " + minOrderQuantity + " units; " + command.quantity() + " were asked for");
        }
        var plan = allocate(command.quantity(), command.from(), command.to(), today);
        if (plan.isEmpty()) {
            return reject(
                    command,
                    RejectionReason.NO_CAPACITY,
                    "only " + free(command.from(), command.to(), today) + " units are free between " + command.from()
                            + " and " + command.to() + " (from " + today.plusDays(leadTimeDays)
                            + " given the lead time of "
                            + leadTimeDays + " days); " + command.quantity() + " were asked for");
        }
        // The reserving firm may release the reservation; it is the event's actor firm, set here explicitly so the
        // state does not depend on the correlation data providers configured around us.
        apply(
                new CapacityReservedEvent(listingId, command.orderId(), command.quantity(), plan, unitPrice, now()),
                MetaData.with(EventMetadata.ACTOR_FIRM_ID, actor.firmId()));
        return ReservationOutcome.reserved(listingId, command.orderId(), command.quantity(), unitPrice, plan);
    }

    private ReservationOutcome reject(ReserveCapacityCommand command, RejectionReason reason, String message) {
        apply(new CapacityReservationRejectedEvent(
                listingId, command.orderId(), command.quantity(), command.from(), command.to(), reason.name(), now()));
        return ReservationOutcome.rejected(listingId, command.orderId(), command.quantity(), reason, message);
    }

    /** Days a reservation may use inside [from, to]: bookable, and no earlier than today plus the lead time. */
    private List<LocalDate> candidateDays(LocalDate from, LocalDate to, LocalDate today) {
        LocalDate first = latest(from, bookableFrom, today.plusDays(leadTimeDays));
        LocalDate last = to.isBefore(bookableTo) ? to : bookableTo;
        var days = new ArrayList<LocalDate>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!closedDays.contains(day)) {
                days.add(day);
            }
        }
        return days;
    }

    /**
     * The quantity spread over the candidate days, earliest first, each within its free units; empty if it does
     * not fit (all or nothing).
     */
    private List<DayAllocation> allocate(long quantity, LocalDate from, LocalDate to, LocalDate today) {
        var plan = new ArrayList<DayAllocation>();
        long remaining = quantity;
        for (LocalDate day : candidateDays(from, to, today)) {
            long free = freeOn(day);
            if (free > 0) {
                long take = Math.min(free, remaining);
                plan.add(new DayAllocation(day, take));
                remaining -= take;
                if (remaining == 0) {
                    return plan;
                }
            }
        }
        return List.of();
    }

    private long free(LocalDate from, LocalDate to, LocalDate today) {
        return candidateDays(from, to, today).stream().mapToLong(this::freeOn).sum();
    }

    private long freeOn(LocalDate day) {
        return Math.max(0, dailyCapacity - reservedByDay.getOrDefault(day, 0L));
    }

    @CommandHandler
    void handle(ReleaseCapacityCommand command, MetaData metaData) {
        var held = reservations.get(command.orderId());
        if (held == null) {
            return; // never reserved, or released or consumed already: nothing to give back
        }
        Actor actor = Actors.of(metaData);
        if (!Actors.actsFor(actor, factoryFirmId)
                && !Actors.isPlatform(actor)
                && !Actors.actsFor(actor, held.reservingFirmId())) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN,
                    "only the factory, the operator or the firm that reserved may release this reservation");
        }
        apply(new CapacityReleasedEvent(listingId, command.orderId(), held.allocations(), now()));
    }

    @CommandHandler
    void handle(ConsumeCapacityCommand command, MetaData metaData) {
        requireOwnerOrPlatform(Actors.of(metaData));
        var held = reservations.get(command.orderId());
        if (held == null) {
            return; // consumed already (or never held): nothing to use up
        }
        apply(new CapacityConsumedEvent(listingId, command.orderId(), held.allocations(), now()));
    }

    // --- rules shared by the handlers -----------------------------------------------------------------------------

    private void requireOwner(Actor actor) {
        if (!Actors.actsFor(actor, factoryFirmId)) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN, "only the factory that owns listing " + listingId + " may change it");
        }
    }

    private void requireOwnerOrPlatform(Actor actor) {
        if (!Actors.actsFor(actor, factoryFirmId) && !Actors.isPlatform(actor)) {
            throw new DomainException(
                    CommonErrorCode.FORBIDDEN,
                    "only the factory that owns listing " + listingId + " or the operator may do this");
        }
    }

    private void requireNotWithdrawn() {
        if (withdrawn) {
            throw new DomainException(ListingErrorCode.LISTING_WITHDRAWN, "listing " + listingId + " was withdrawn");
        }
    }

    private static void requireNotPast(LocalDate day, LocalDate today) {
        if (day.isBefore(today)) {
            throw badInput("day " + day + " is in the past (today is " + today + ")", "days");
        }
    }

    private static DomainException badInput(String message, String field) {
        return new DomainException(CommonErrorCode.BAD_USER_INPUT, message, field);
    }

    /** Business time, from Axon's clock so fixtures can pin it. */
    private static Instant now() {
        return Instant.now(GenericEventMessage.clock);
    }

    /** Today in the listing calendar's zone. */
    private static LocalDate today() {
        return LocalDate.ofInstant(now(), CALENDAR_ZONE);
    }

    private static LocalDate latest(LocalDate first, LocalDate... others) {
        LocalDate latest = first;
        for (LocalDate other : others) {
            if (other.isAfter(latest)) {
                latest = other;
            }
        }
        return latest;
    }

    // --- state ----------------------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ListingPublishedEvent event) {
        listingId = event.listingId();
        factoryFirmId = event.factoryFirmId();
        unitPrice = event.unitPrice();
        minOrderQuantity = event.minOrderQuantity();
        dailyCapacity = event.dailyCapacity();
        bookableFrom = event.bookableFrom();
        bookableTo = event.bookableTo();
        leadTimeDays = event.leadTimeDays();
        closedDays.addAll(event.closedDays());
        publication = new PublishListingCommand(
                event.listingId(),
                event.stepCode(),
                event.unit(),
                event.unitPrice().fen(),
                event.minOrderQuantity(),
                event.dailyCapacity(),
                event.bookableFrom(),
                event.bookableTo(),
                List.copyOf(event.closedDays()),
                event.leadTimeDays(),
                event.province(),
                event.city(),
                List.copyOf(event.requiredMaterials()),
                event.qualityStandard());
    }

    @EventSourcingHandler
    void on(ListingPriceChangedEvent event) {
        unitPrice = event.unitPrice();
    }

    @EventSourcingHandler
    void on(ListingDailyCapacityChangedEvent event) {
        dailyCapacity = event.dailyCapacity();
    }

    @EventSourcingHandler
    void on(ListingDaysClosedEvent event) {
        closedDays.addAll(event.days());
    }

    @EventSourcingHandler
    void on(ListingDaysReopenedEvent event) {
        event.days().forEach(closedDays::remove);
    }

    @EventSourcingHandler
    void on(ListingPausedEvent event) {
        paused = true;
    }

    @EventSourcingHandler
    void on(ListingResumedEvent event) {
        paused = false;
    }

    @EventSourcingHandler
    void on(ListingWithdrawnEvent event) {
        withdrawn = true;
    }

    @EventSourcingHandler
    void on(CapacityReservedEvent event, @MetaDataValue(EventMetadata.ACTOR_FIRM_ID) String reservingFirmId) {
        event.allocations()
                .forEach(allocation -> reservedByDay.merge(allocation.day(), allocation.quantity(), Long::sum));
        reservations.put(
                event.orderId(),
                new LiveReservation(
                        reservingFirmId, event.quantity(), event.unitPrice(), List.copyOf(event.allocations())));
    }

    @EventSourcingHandler
    void on(CapacityReleasedEvent event) {
        free(event.allocations());
        reservations.remove(event.orderId());
    }

    @EventSourcingHandler
    void on(CapacityConsumedEvent event) {
        free(event.allocations());
        reservations.remove(event.orderId());
    }

    private void free(Collection<DayAllocation> allocations) {
        for (DayAllocation allocation : allocations) {
            reservedByDay.computeIfPresent(
                    allocation.day(),
                    (day, units) -> units - allocation.quantity() > 0 ? units - allocation.quantity() : null);
        }
    }

    /** Units held for one order: who reserved them, at what price, on which days. */
    record LiveReservation(String reservingFirmId, long quantity, Money unitPrice, List<DayAllocation> allocations) {

        ReservationOutcome outcome(String listingId, String orderId) {
            return ReservationOutcome.reserved(listingId, orderId, quantity, unitPrice, allocations);
        }
    }
}
