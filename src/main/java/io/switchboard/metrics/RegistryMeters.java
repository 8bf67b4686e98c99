package io.switchboard.metrics;

import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** {@link Meters} in the application's MicroProfile Metrics registry, which the server serves at {@code /metrics}. */
final class RegistryMeters implements Meters {

    private final MetricRegistry registry;

    RegistryMeters(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Counter counter(String name, String help, Tag... tags) {
        return registry.counter(metadata(name, help), tags);
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, Tag... tags) {
        registry.gauge(metadata(name, help), value, tags);
    }

    // No unit: Payara appends the base unit's name, and scales to it, only for some of a metric's lines.
    private static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).build();
    }
}
