package com.sharefab.events.order;

/**
 * What production did with one supplied material since the last report.
 *
 * @param material the material
 * @param consumed units that went into good or defective product
 * @param scrapped units spoiled and thrown away
 */
public record MaterialUse(String material, long consumed, long scrapped) {}
