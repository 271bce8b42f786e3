package com.sharefab.events.order;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Units produced since the last report, and what production did with the supplied materials.
 *
 * @param orderId        the order
 * @param reportId       client-chosen id of the report (a retry sends the same)
 * @param goodUnits      good units produced since the last report
 * @param defectiveUnits defective units produced since the last report
 * @param materials      materials consumed and scrapped since the last report
 * @param note           the factory's words, or {@code null}
 * @param reportedAt     business time
 */
@Revision("1")
public record ProductionProgressReportedEvent(
        String orderId,
        String reportId,
        long goodUnits,
        long defectiveUnits,
        List<MaterialUse> materials,
        String note,
        Instant reportedAt)
        implements OrderEvent {}
