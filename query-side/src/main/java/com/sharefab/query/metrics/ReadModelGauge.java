package com.sharefab.query.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A gauge read from a read model, declared as a bean by the feature that owns the read model; the app exposes each
 * at {@code /actuator/prometheus} (one gauge per tag value, read at most once a second). Plain Java, so features
 * need no metrics library:
 *
 * <pre>{@code
 * @Bean
 * ReadModelGauge ordersByStatus(OrderViews views) {
 *     return ReadModelGauge.byTag("sharefab.orders.by_status", "Orders in each status", "status",
 *             Arrays.stream(OrderStatus.values()).map(Enum::name).toList(), views::countByStatus);
 * }
 * }</pre>
 *
 * @param name        the meter name, dotted ({@code sharefab.orders.by_status})
 * @param description one line for the scrape's HELP
 * @param tagKey      the tag that tells the values apart, or null for a single value
 * @param tagValues   every value of the tag, known up front (an absent one in a sample reads as 0)
 * @param read        reads the values by tag value (the single value under {@link #UNTAGGED})
 */
public record ReadModelGauge(
        String name,
        String description,
        String tagKey,
        List<String> tagValues,
        Supplier<Map<String, ? extends Number>> read) {

    /** The key of the single value of an untagged gauge. */
    public static final String UNTAGGED = "";

    public ReadModelGauge {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(read, "read");
        tagValues = tagKey == null ? List.of(UNTAGGED) : List.copyOf(tagValues);
    }

    /** A single value, e.g. {@code sharefab.payments.pending}. */
    public static ReadModelGauge single(String name, String description, Supplier<? extends Number> read) {
        return new ReadModelGauge(name, description, null, List.of(), () -> Map.of(UNTAGGED, read.get()));
    }

    /** One value per tag value, read together, e.g. {@code sharefab.orders.by_status{status}}. */
    public static ReadModelGauge byTag(
            String name,
            String description,
            String tagKey,
            List<String> tagValues,
            Supplier<Map<String, ? extends Number>> read) {
        return new ReadModelGauge(name, description, tagKey, tagValues, read);
    }
}
