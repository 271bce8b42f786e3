package com.sharefab.command.order;

import com.sharefab.events.order.MaterialUse;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The factory reports units produced and materials used since its last report; idempotent per report id. */
public record ReportProgressCommand(@TargetAggregateIdentifier @NotBlank String orderId, @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'") String reportId, @PositiveOrZero long goodUnits, @PositiveOrZero long defectiveUnits, List<MaterialUse> materials, String note) {}
