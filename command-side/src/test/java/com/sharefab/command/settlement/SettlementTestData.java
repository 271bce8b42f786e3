package com.sharefab.command.settlement;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.events.Money;
import com.sharefab.events.settlement.EscrowReleasedEvent;
import com.sharefab.events.settlement.PaymentCapturedEvent;
import com.sharefab.events.settlement.PaymentRefundedEvent;
import com.sharefab.events.settlement.PaymentRequestedEvent;
import com.sharefab.events.settlement.PayoutRequestedEvent;
import com.sharefab.events.settlement.RefundRequestedEvent;
import com.sharefab.events.settlement.SettlementIds;
import com.sharefab.events.settlement.SettlementOpenedEvent;
import java.time.Instant;
import java.util.Map;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Settlements for tests: order o-1, 10 000.00 yuan, 3 % commission. */
final class SettlementTestData {

    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    static final String ORDER_ID = "o-1";
    static final String SETTLEMENT_ID = SettlementIds.forOrder(ORDER_ID);
    static final String PAYMENT_ID = SETTLEMENT_ID + ":payment";
    static final String BUYER_FIRM = "buyer-firm";
    static final String FACTORY_FIRM = "factory-firm";
    static final int RATE = 300;
    static final long AMOUNT_FEN = 1_000_000;
    static final Money AMOUNT = Money.cny(AMOUNT_FEN);
    static final String PROVIDER_PAYMENT_ID = "pp-1";

    static final Actor BUYER = new Actor("u-buyer", BUYER_FIRM, "BUYER");
    static final Actor OTHER_BUYER = new Actor("u-other", "other-firm", "BUYER");
    static final Actor OPERATOR = new Actor("u-op", null, "OPERATOR");

    private SettlementTestData() {}

    static AggregateTestFixture<Settlement> aFixture() {
        var fixture = new AggregateTestFixture<>(Settlement.class);
        fixture.registerInjectableResource((CommissionRates) () -> RATE);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
        fixture.setReportIllegalStateChange(true);
        return fixture;
    }

    static OpenSettlementCommand anOpenSettlementCommand() {
        return new OpenSettlementCommand(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM, FACTORY_FIRM, AMOUNT);
    }

    static SettlementOpenedEvent opened() {
        return new SettlementOpenedEvent(SETTLEMENT_ID, ORDER_ID, BUYER_FIRM, FACTORY_FIRM, AMOUNT, RATE, NOW);
    }

    static PaymentRequestedEvent requested() {
        return new PaymentRequestedEvent(SETTLEMENT_ID, ORDER_ID, PAYMENT_ID, AMOUNT, NOW);
    }

    static PaymentCapturedEvent captured() {
        return new PaymentCapturedEvent(SETTLEMENT_ID, ORDER_ID, PROVIDER_PAYMENT_ID, AMOUNT, NOW);
    }

    static CapturePaymentCommand aCapture(String notificationId) {
        return new CapturePaymentCommand(SETTLEMENT_ID, notificationId, PROVIDER_PAYMENT_ID, AMOUNT);
    }

    static RefundRequestedEvent refundRequested(String refundId, long fen, String reason) {
        return new RefundRequestedEvent(
                SETTLEMENT_ID, ORDER_ID, refundId, PROVIDER_PAYMENT_ID, Money.cny(fen), reason, NOW);
    }

    static PaymentRefundedEvent refunded(String refundId, long fen, String reason) {
        return new PaymentRefundedEvent(SETTLEMENT_ID, ORDER_ID, refundId, Money.cny(fen), reason, NOW);
    }

    static EscrowReleasedEvent released(String releaseId, long toFactory, long commission) {
        return new EscrowReleasedEvent(
                SETTLEMENT_ID, ORDER_ID, releaseId, Money.cny(toFactory), Money.cny(commission), NOW);
    }

    static PayoutRequestedEvent payoutRequested(String payoutId, long fen) {
        return new PayoutRequestedEvent(SETTLEMENT_ID, ORDER_ID, payoutId, FACTORY_FIRM, Money.cny(fen), NOW);
    }

    static Map<String, String> as(Actor actor) {
        return actor.toMetaData();
    }

    /** A {@link DomainException} with this code. */
    static Matcher<DomainException> domainException(Enum<?> code) {
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
}
