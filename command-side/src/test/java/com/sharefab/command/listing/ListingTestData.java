package com.sharefab.command.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.firm.FirmRole;
import com.sharefab.events.listing.CapacityReservedEvent;
import com.sharefab.events.listing.DayAllocation;
import com.sharefab.events.listing.ListingPublishedEvent;
import com.sharefab.query.firm.FirmView;
import com.sharefab.query.firm.FirmViews;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

final class ListingTestData {

    /** The fixture's clock: 10:00 in Qingdao on 1 December 2026. */
    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    /** Today in the Asia/Shanghai calendar at {@link #NOW}. */
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    static final Instant PUBLISHED_AT = Instant.parse("2026-11-30T01:00:00Z");

    static final String LISTING_ID = "listing-1";
    static final String FACTORY_FIRM_ID = "factory-1";
    static final String BUYER_FIRM_ID = "buyer-1";
    static final String ORDER_ID = "order-1";
    static final String OTHER_ORDER_ID = "order-0";

    static final Actor FACTORY = new Actor("wang-wei", FACTORY_FIRM_ID, "FACTORY");
    static final Actor OTHER_FACTORY = new Actor("zhao-li", "factory-2", "FACTORY");
    static final Actor BUYER = new Actor("li-na", BUYER_FIRM_ID, "BUYER");
    static final Actor OTHER_BUYER = new Actor("chen-jie", "buyer-2", "BUYER");
    static final Actor OPERATOR = new Actor("ops-1", null, "OPERATOR");
    static final Actor AUDITOR = new Actor("audit-1", FACTORY_FIRM_ID, "AUDITOR");
    static final Actor ANONYMOUS = new Actor("anonymous", null, "ANONYMOUS");

    static final long PRICE_FEN = 150;
    static final long MIN_ORDER = 100;
    static final long DAILY_CAPACITY = 500;
    /** First bookable day: tomorrow. */
    static final LocalDate BOOKABLE_FROM = TODAY.plusDays(1);

    static final LocalDate BOOKABLE_TO = LocalDate.of(2026, 12, 31);
    /** Closed in the published calendar. */
    static final LocalDate CLOSED_DAY = LocalDate.of(2026, 12, 6);
    /** With this lead time the first day a reservation can use is {@code TODAY + 2} (3 December). */
    static final int LEAD_TIME_DAYS = 2;

    static final LocalDate FIRST_RESERVABLE_DAY = TODAY.plusDays(LEAD_TIME_DAYS);

    private ListingTestData() {}

    /** A fixture for the aggregate, with Bean Validation on dispatch (as in the app) and {@code firms} injectable. */
    static AggregateTestFixture<CapacityListing> aFixture(FirmViews firms) {
        var fixture = new AggregateTestFixture<>(CapacityListing.class);
        fixture.registerInjectableResource(firms);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
        fixture.setReportIllegalStateChange(true);
        return fixture;
    }

    static LocalDate december(int day) {
        return LocalDate.of(2026, 12, day);
    }

    static PublishListingCommand aPublishListingCommand() {
        return new PublishListingCommand(
                LISTING_ID,
                "headwear.embroidery",
                "piece",
                PRICE_FEN,
                MIN_ORDER,
                DAILY_CAPACITY,
                BOOKABLE_FROM,
                BOOKABLE_TO,
                List.of(CLOSED_DAY),
                LEAD_TIME_DAYS,
                "山东省",
                "青岛市",
                List.of("帽片", "绣线"),
                "GB/T 2912.1");
    }

    static ListingPublishedEvent aListingPublishedEvent() {
        return aListingPublishedEvent(PUBLISHED_AT);
    }

    static ListingPublishedEvent aListingPublishedEvent(Instant at) {
        return new ListingPublishedEvent(
                LISTING_ID,
                FACTORY_FIRM_ID,
                "headwear.embroidery",
                "piece",
                Money.cny(PRICE_FEN),
                MIN_ORDER,
                DAILY_CAPACITY,
                BOOKABLE_FROM,
                BOOKABLE_TO,
                List.of(CLOSED_DAY),
                LEAD_TIME_DAYS,
                "山东省",
                "青岛市",
                List.of("帽片", "绣线"),
                "GB/T 2912.1",
                at);
    }

    static FirmView aFactoryFirmView() {
        return aFirmView(FACTORY_FIRM_ID, List.of(FirmRole.FACTORY));
    }

    static FirmView aFirmView(String firmId, List<FirmRole> roles) {
        return new FirmView(
                firmId, "胶州帽业共享工厂", "91350100M000100Y43", roles, "王伟", "+86 532 8888 1234", null, PUBLISHED_AT);
    }

    static ReserveCapacityCommand aReserveCapacityCommand(long quantity) {
        return new ReserveCapacityCommand(LISTING_ID, ORDER_ID, quantity, TODAY, BOOKABLE_TO);
    }

    static CapacityReservedEvent aCapacityReservedEvent(String orderId, long priceFen, DayAllocation... allocations) {
        long quantity = 0;
        for (DayAllocation allocation : allocations) {
            quantity += allocation.quantity();
        }
        return new CapacityReservedEvent(
                LISTING_ID, orderId, quantity, List.of(allocations), Money.cny(priceFen), PUBLISHED_AT.plusSeconds(60));
    }

    /** An event as {@code actor} caused it: with the actor metadata every stored event carries. */
    static EventMessage<?> by(Actor actor, Object event) {
        return GenericEventMessage.asEventMessage(event).andMetaData(actor.toMetaData());
    }

    static Map<String, String> as(Actor actor) {
        return actor.toMetaData();
    }

    static DayAllocation on(LocalDate day, long quantity) {
        return new DayAllocation(day, quantity);
    }

    /** Asserts that dispatching refuses the command on Bean Validation, naming exactly {@code fields}. */
    static void assertRefusedByBeanValidation(ThrowingCallable dispatch, String... fields) {
        assertThatThrownBy(dispatch).isInstanceOfSatisfying(JSR303ViolationException.class, exception -> assertThat(
                        exception.getViolations())
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactlyInAnyOrder(fields));
    }

    /** A {@link DomainException} with this code and input field. */
    static Matcher<DomainException> domainException(Enum<?> code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException exception) {
                return exception.code().equals(code.name()) && Objects.equals(exception.field(), field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException with code " + code + " and field " + field);
            }

            @Override
            protected void describeMismatchSafely(DomainException exception, Description mismatch) {
                mismatch.appendText(
                        "code " + exception.code() + ", field " + exception.field() + ": " + exception.getMessage());
            }
        };
    }
}
