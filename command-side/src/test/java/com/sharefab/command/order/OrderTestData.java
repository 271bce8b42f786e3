package com.sharefab.command.order;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.order.MaterialQuantity;
import com.sharefab.events.order.MaterialUse;
import com.sharefab.events.order.MaterialsReceivedEvent;
import com.sharefab.events.order.MaterialsShippedEvent;
import com.sharefab.events.order.OrderAcceptedEvent;
import com.sharefab.events.order.OrderCapacityReservedEvent;
import com.sharefab.events.order.OrderPaidEvent;
import com.sharefab.events.order.OrderPlacedEvent;
import com.sharefab.events.order.OrderShippedEvent;
import com.sharefab.events.order.ProductionStartedEvent;
import com.sharefab.query.firm.FirmView;
import com.sharefab.query.listing.ListingStatus;
import com.sharefab.query.listing.ListingView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Orders, actors and events for the order and booking tests. */
public final class OrderTestData {

    public static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    public static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    public static final String ORDER_ID = "order-1";
    public static final String LISTING_ID = "listing-1";
    public static final String FACTORY_FIRM_ID = "factory-1";
    public static final String BUYER_FIRM_ID = "buyer-1";
    public static final String STEP = "headwear.embroidery";
    public static final long QUANTITY = 600;
    public static final Money UNIT_PRICE = Money.cny(150);
    public static final Money AMOUNT = Money.cny(90_000);
    public static final LocalDate FROM = TODAY.plusDays(2);
    public static final LocalDate TO = TODAY.plusDays(10);
    public static final List<DayAllocation> ALLOCATIONS =
            List.of(new DayAllocation(FROM, 500), new DayAllocation(FROM.plusDays(1), 100));
    public static final List<MaterialQuantity> MATERIALS =
            List.of(new MaterialQuantity("caps", 620), new MaterialQuantity("thread", 10));

    public static final Duration PAY = Duration.ofMinutes(30);
    public static final Duration ACCEPT = Duration.ofHours(48);
    public static final Duration CONFIRM = Duration.ofDays(7);
    public static final Duration DISPUTE_WINDOW = Duration.ofDays(5);

    public static final Actor BUYER = new Actor("li-na", BUYER_FIRM_ID, "BUYER");
    public static final Actor OTHER_BUYER = new Actor("chen-jie", "buyer-2", "BUYER");
    public static final Actor FACTORY = new Actor("wang-wei", FACTORY_FIRM_ID, "FACTORY");
    public static final Actor OTHER_FACTORY = new Actor("zhao-li", "factory-2", "FACTORY");
    public static final Actor OPERATOR = new Actor("ops-1", null, "OPERATOR");
    public static final Actor AUDITOR = new Actor("audit-1", BUYER_FIRM_ID, "AUDITOR");
    public static final Actor SYSTEM = Actor.system();

    private OrderTestData() {}

    public static OrderDeadlines deadlines() {
        return new OrderDeadlines(PAY, ACCEPT, CONFIRM, DISPUTE_WINDOW);
    }

    public static PlaceOrderCommand aPlaceOrderCommand() {
        return new PlaceOrderCommand(ORDER_ID, LISTING_ID, QUANTITY, FROM, TO, MATERIALS, 220L);
    }

    public static OrderPlacedEvent anOrderPlacedEvent() {
        return new OrderPlacedEvent(ORDER_ID, BUYER_FIRM_ID, FACTORY_FIRM_ID, LISTING_ID, STEP, QUANTITY, FROM, TO,
                MATERIALS, Money.cny(220), NOW.minusSeconds(60));
    }

    public static OrderCapacityReservedEvent anOrderCapacityReservedEvent() {
        return new OrderCapacityReservedEvent(
                ORDER_ID, UNIT_PRICE, AMOUNT, ALLOCATIONS, NOW.minusSeconds(50).plus(PAY), NOW.minusSeconds(50));
    }

    public static OrderPaidEvent anOrderPaidEvent() {
        return new OrderPaidEvent(ORDER_ID, AMOUNT, "pay-1", NOW.minusSeconds(40).plus(ACCEPT), NOW.minusSeconds(40));
    }

    public static OrderAcceptedEvent anOrderAcceptedEvent() {
        return new OrderAcceptedEvent(ORDER_ID, NOW.minusSeconds(30));
    }

    public static MaterialsShippedEvent aMaterialsShippedEvent() {
        return new MaterialsShippedEvent(ORDER_ID, "顺丰", "SF100", MATERIALS, NOW.minusSeconds(25));
    }

    public static MaterialsReceivedEvent aMaterialsReceivedEvent() {
        return new MaterialsReceivedEvent(ORDER_ID, List.of(new MaterialQuantity("caps", 618),
                new MaterialQuantity("thread", 10)), "2 caps missing", NOW.minusSeconds(20));
    }

    public static ProductionStartedEvent aProductionStartedEvent() {
        return new ProductionStartedEvent(ORDER_ID, NOW.minusSeconds(15));
    }

    public static OrderShippedEvent anOrderShippedEvent() {
        Instant at = NOW.minusSeconds(10);
        return new OrderShippedEvent(ORDER_ID, 600, "顺丰", "SF200", List.of(new MaterialQuantity("caps", 8)),
                at.plus(CONFIRM), at.plus(DISPUTE_WINDOW), at);
    }

    public static MaterialUse use(String material, long consumed, long scrapped) {
        return new MaterialUse(material, consumed, scrapped);
    }

    public static ListingView aListingView() {
        return new ListingView(LISTING_ID, FACTORY_FIRM_ID, STEP, "piece", UNIT_PRICE, 100, 500, TODAY.plusDays(1),
                TODAY.plusDays(30), List.of(), 1, "山东", "青岛", List.of("caps", "thread"), "GB/T 2912",
                ListingStatus.ACTIVE, new TreeMap<>(), NOW.minusSeconds(3600), 0);
    }

    public static FirmView aBuyerFirmView() {
        return new FirmView(BUYER_FIRM_ID, "胶州帽业", "91350100M000100Y43", List.of(FirmRole.BUYER), "李娜",
                "+86 532 8888 1234", null, NOW.minusSeconds(7200));
    }

    public static EventMessage<?> by(Actor actor, Object event) {
        return GenericEventMessage.asEventMessage(event).andMetaData(actor.toMetaData());
    }

    public static Map<String, String> as(Actor actor) {
        return actor.toMetaData();
    }

    public static Matcher<DomainException> domainException(Enum<?> code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException exception) {
                return exception.code().equals(code.name());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException with code " + code);
            }
        };
    }

    public static Matcher<DomainException> domainException(Enum<?> code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException exception) {
                return exception.code().equals(code.name()) && Objects.equals(exception.field(), field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException with code " + code + " and field " + field);
            }
        };
    }
}
