package io.switchboard.metrics;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
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
    public void gauge(String name, String help, Supplier<Long> value) {
        registry.gauge(metadata(name, help), value);
    }

    @Override
    public Consumer<Duration> timer(String name, String help) {
        // A timer counts nanoseconds; with that unit declared the exporter converts to seconds and adds _seconds
        // (declared as seconds, or not at all, its quantiles came out in nanoseconds beside a sum in seconds).
        return registry.timer(Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.NANOSECONDS).build())::update;
    }

    private static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).build();
    }
}
