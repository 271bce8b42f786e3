package com.sharefab.query.step;

import com.sharefab.events.step.Industry;
import com.sharefab.events.step.Step;
import com.sharefab.events.step.StepTaxonomy;
import com.sharefab.query.graphql.InvalidArgumentException;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The step taxonomy ({@code industries}, {@code steps}), served straight from {@link StepTaxonomy}. */
@Controller
class StepQueryController {

    @QueryMapping
    List<Industry> industries() {
        return StepTaxonomy.industries();
    }

    /** Every step, or those of one industry; an industry the taxonomy lacks is the client's error. */
    @QueryMapping
    List<Step> steps(@Argument String industryCode) {
        if (industryCode == null) {
            return StepTaxonomy.steps();
        }
        return StepTaxonomy.industry(industryCode)
                .map(Industry::steps)
                .orElseThrow(() -> new InvalidArgumentException("industryCode", "is not an industry of the taxonomy"));
    }

    @SchemaMapping(typeName = "Industry", field = "id")
    String id(Industry industry) {
        return industry.code();
    }

    @SchemaMapping(typeName = "Step", field = "id")
    String id(Step step) {
        return step.code();
    }
}
