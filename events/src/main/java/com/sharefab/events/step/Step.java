package com.sharefab.events.step;

/**
 * One outsourceable unit of work (工序).
 *
 * @param code         stable code, {@code industry.step}, e.g. {@code headwear.embroidery}
 * @param industryCode the industry it belongs to
 * @param nameZh       Chinese name
 * @param nameEn       English name
 */
public record Step(String code, String industryCode, String nameZh, String nameEn) {}
