package com.sharefab.app.observability;

import com.sharefab.query.metrics.ReadModelGauge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;

/**
 * Exposes every {@link ReadModelGauge} bean as Micrometer gauges: one gauge per tag value, all of a family read
 * from one sample of the read model (taken at most once a second), so a scrape costs one query per family.
 */
final class ReadModelGauges implements MeterBinder {

    private static final long SAMPLE_NANOS = 1_000_000_000L;

    private final List<ReadModelGauge> gauges;

    ReadModelGauges(List<ReadModelGauge> gauges) {
        this.gauges = gauges;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ReadModelGauge gauge : gauges) {
            var sample = new Sample(gauge);
            if (gauge.tagKey() == null) {
                Gauge.builder(gauge.name(), () -> sample.value(ReadModelGauge.UNTAGGED))
                        .description(gauge.description())
                        .register(registry);
            } else {
                for (String tagValue : gauge.tagValues()) {
                    Gauge.builder(gauge.name(), () -> sample.value(tagValue))
                            .description(gauge.description())
                            .tag(gauge.tagKey(), tagValue)
                            .register(registry);
                }
            }
        }
    }

    /** The last values read from one gauge family's read model. */
    private static final class Sample {
        private final ReadModelGauge gauge;
        private Map<String, ? extends Number> values = Map.of();
        private long readAt;
        private boolean read;

        Sample(ReadModelGauge gauge) {
            this.gauge = gauge;
        }

        synchronized double value(String tagValue) {
            long now = System.nanoTime();
            if (!read || now - readAt > SAMPLE_NANOS) {
                try {
                    values = gauge.read().get();
                } catch (RuntimeException e) {
                    values = Map.of(); // the store is away: NaN until it answers again (readiness says why)
                    read = true;
                    readAt = now;
                    return Double.NaN;
                }
                read = true;
                readAt = now;
            }
            Number value = values.get(tagValue);
            return value == null ? 0 : value.doubleValue();
        }
    }
}
