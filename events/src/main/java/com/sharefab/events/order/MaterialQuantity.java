package com.sharefab.events.order;

/**
 * A quantity of one supplied material (来料).
 *
 * @param material what it is, e.g. {@code caps}
 * @param quantity how many (in the material's own unit)
 */
public record MaterialQuantity(String material, long quantity) {}
