package com.sharefab.events.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepTaxonomyTest {

    @Test
    void steps_jiaozhouHeadwear_areAllThereInBothLanguages() {
        assertThat(StepTaxonomy.industry("headwear").orElseThrow().steps())
                .extracting(Step::nameZh)
                .contains("魔术扣缝制", "织带裁剪缝制", "刺绣", "帽檐制作", "汗带缝制", "印花");
        assertThat(StepTaxonomy.steps()).allSatisfy(step -> {
            assertThat(step.nameZh()).isNotBlank();
            assertThat(step.nameEn()).isNotBlank();
            assertThat(step.code()).startsWith(step.industryCode() + ".");
        });
    }

    @Test
    void step_generalSteps_areKnownAndUnknownIsEmpty() {
        assertThat(StepTaxonomy.step("general.cnc-machining")).isPresent();
        assertThat(StepTaxonomy.step("general.laser-cutting")).isPresent();
        assertThat(StepTaxonomy.step("general.injection-moulding")).isPresent();
        assertThat(StepTaxonomy.step("headwear.knitting")).isEmpty();
        assertThat(StepTaxonomy.step(null)).isEmpty();
    }
}
