package com.sharefab.command.listing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sharefab.command.axon.DomainException;
import com.sharefab.events.Actor;
import com.sharefab.query.listing.UnpaidReservations;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReservationCapTest {

    private static final Actor BUYER = new Actor("u1", "buyer-1", "BUYER");

    /** Unpaid reservations held by buyer-1, as "listing:order". */
    private final Set<String> held = new HashSet<>();

    private final UnpaidReservations unpaid = new UnpaidReservations() {
        @Override
        public long count(String buyerFirmId) {
            return "buyer-1".equals(buyerFirmId) ? held.size() : 0;
        }

        @Override
        public boolean holds(String buyerFirmId, String listingId, String orderId) {
            return "buyer-1".equals(buyerFirmId) && held.contains(listingId + ":" + orderId);
        }
    };

    private final ReservationCap cap = new ReservationCap(unpaid, 2);

    @Test
    void check_belowTheCap_passes() {
        held.add("l1:o1");

        assertThatCode(() -> cap.check(BUYER, "l1", "o2")).doesNotThrowAnyException();
    }

    @Test
    void check_atTheCap_isUnpaidReservationLimit() {
        held.add("l1:o1");
        held.add("l2:o2");

        assertThatThrownBy(() -> cap.check(BUYER, "l3", "o3"))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo("UNPAID_RESERVATION_LIMIT");
    }

    @Test
    void check_atTheCapButARetryOfAHeldReservation_passes() {
        held.add("l1:o1");
        held.add("l2:o2");

        assertThatCode(() -> cap.check(BUYER, "l2", "o2")).doesNotThrowAnyException();
    }

    @Test
    void check_anotherFirmAtNothing_passes() {
        held.add("l1:o1");
        held.add("l2:o2");

        assertThatCode(() -> cap.check(new Actor("u2", "buyer-2", "BUYER"), "l3", "o3")).doesNotThrowAnyException();
    }
}
