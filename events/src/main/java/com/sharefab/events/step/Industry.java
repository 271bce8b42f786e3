package com.sharefab.events.step;

import java.util.List;

/**
 * An industry and its steps.
 *
 * @param code   stable code, e.g. {@code headwear}
 * @param nameZh Chinese name
 * @param nameEn English name
 * @param steps  its steps
 */
public record Industry(String code, String nameZh, String nameEn, List<Step> steps) {}
