package com.sharefab.query.order;

import com.sharefab.events.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An order (a job, for the factory) as the GraphQL {@code Order} type shows it: what was booked, where it stands,
 * its deadlines, production, materials custody, money and the full timeline.
 *
 * @param id                  the order id
 * @param buyerFirmId         the buyer
 * @param factoryFirmId       the factory that owns the listing
 * @param listingId           the listing booked
 * @param stepCode            the listing's step
 * @param status              where it stands (the names of the GraphQL {@code OrderStatus})
 * @param quantity            units booked
 * @param windowFrom          first production day the buyer accepts
 * @param windowTo            last production day the buyer accepts
 * @param unitPrice           the locked price, once capacity is held
 * @param amount              what the buyer pays, once capacity is held
 * @param inHouseUnitCost     the buyer's own cost of one unit, if declared
 * @param firstProductionDay  the first day units are held on
 * @param dueDate             the last day units are held on
 * @param payBy               the payment deadline
 * @param acceptBy            the acceptance deadline
 * @param confirmBy           the automatic confirmation
 * @param disputeWindowEndsAt the end of the dispute window
 * @param goodUnits           good units reported
 * @param defectiveUnits      defective units reported
 * @param shippedUnits        units shipped to the buyer
 * @param endReason           why an order ended early (rejected, declined, cancelled), else null
 * @param dispute             the dispute, if any
 * @param money               what the settlement moved
 * @param materials           custody per supplied material
 * @param timeline            every step, oldest first
 * @param placedAt            business time of placement
 * @param updatedAt           business time of the last step
 * @param lastSequence        the aggregate sequence of the last event applied
 */
public record OrderView(
        String id,
        String buyerFirmId,
        String factoryFirmId,
        String listingId,
        String stepCode,
        String status,
        long quantity,
        LocalDate windowFrom,
        LocalDate windowTo,
        Money unitPrice,
        Money amount,
        Money inHouseUnitCost,
        LocalDate firstProductionDay,
        LocalDate dueDate,
        Instant payBy,
        Instant acceptBy,
        Instant confirmBy,
        Instant disputeWindowEndsAt,
        long goodUnits,
        long defectiveUnits,
        long shippedUnits,
        String endReason,
        Dispute dispute,
        OrderMoney money,
        List<MaterialCustody> materials,
        List<TimelineEntry> timeline,
        Instant placedAt,
        Instant updatedAt,
        long lastSequence) {

    public OrderView {
        materials = List.copyOf(materials);
        timeline = List.copyOf(timeline);
    }

    /** Whether the work is delivered and accepted (receipt confirmed or dispute decided), settled or not. */
    public boolean isCompleted() {
        return "COMPLETED".equals(status) || "SETTLED".equals(status);
    }

    /**
     * Custody of one supplied material (来料). Once the order is completed, received = consumed + scrapped + returned;
     * {@code unaccounted} shows any difference.
     *
     * @param id       {@code orderId:material}
     * @param material the material
     * @param planned  what the buyer said at placement it would supply
     * @param shipped  what the buyer shipped
     * @param received what the factory counted on arrival
     * @param consumed what production used
     * @param scrapped what production spoiled
     * @param returned what the factory sent back
     */
    public record MaterialCustody(
            String id,
            String material,
            long planned,
            long shipped,
            long received,
            long consumed,
            long scrapped,
            long returned) {

        /** Shipped but not (yet) received: lost in transit, or still on the way. */
        public long inTransit() {
            return shipped - received;
        }

        /** Received but neither consumed, scrapped nor returned. */
        public long unaccounted() {
            return received - consumed - scrapped - returned;
        }
    }

    /**
     * One step of the order's life.
     *
     * @param id          {@code orderId:sequence}
     * @param sequence    the event's aggregate sequence
     * @param what        the step, e.g. {@code PLACED}, {@code PAID}, {@code MATERIALS_RECEIVED}
     * @param detail      the step's details in words, or null
     * @param actorId     who took it ({@code system} for the platform)
     * @param actorFirmId for which firm, or null
     * @param actorRole   in which role
     * @param at          business time
     */
    public record TimelineEntry(
            String id,
            long sequence,
            String what,
            String detail,
            String actorId,
            String actorFirmId,
            String actorRole,
            Instant at) {}

    /**
     * The buyer's dispute and the operator's decision.
     *
     * @param id               {@code orderId:dispute}
     * @param reason           the buyer's words
     * @param unitsContested   units contested
     * @param refundToBuyer    decided refund, null until decided
     * @param releaseToFactory decided release, null until decided
     * @param decisionNote     the operator's reasons, null until decided
     */
    public record Dispute(
            String id,
            String reason,
            long unitsContested,
            Money refundToBuyer,
            Money releaseToFactory,
            String decisionNote) {}

    /**
     * What the settlement did with the order's money.
     *
     * @param id         {@code orderId:money}
     * @param captured   paid into escrow, null until paid
     * @param refunded   refunded to the buyer so far
     * @param released   released to the factory so far
     * @param commission kept by the platform so far
     * @param settled    whether the money is closed
     */
    public record OrderMoney(
            String id, Money captured, Money refunded, Money released, Money commission, boolean settled) {}
}
