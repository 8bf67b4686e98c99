package io.switchboard.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Tag;

/** {@link Meters} without a container: counters and gauges by name and tags, for a test to read. */
final class LocalMeters implements Meters {

    final Map<String, LocalCounter> counters = new ConcurrentHashMap<>();
    final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, Tag... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> new LocalCounter());
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, Tag... tags) {
        gauges.put(key(name, tags), value);
    }

    /** A gauge's value, keyed like {@link #count}. */
    double gauge(String key) {
        return gauges.get(key).get().doubleValue();
    }

    /** The count of a counter, named as Prometheus shows it without {@code _total}, e.g. {@code switchboard_closes{code=4003}}. */
    long count(String key) {
        LocalCounter counter = counters.get(key);
        return counter == null ? 0 : counter.getCount();
    }

    static String key(String name, Tag... tags) {
        StringBuilder key = new StringBuilder(name);
        if (tags.length > 0) {
            key.append('{');
            for (int i = 0; i < tags.length; i++) {
                key.append(i == 0 ? "" : ",").append(tags[i].getTagName()).append('=').append(tags[i].getTagValue());
            }
            key.append('}');
        }
        return key.toString();
    }

    private static final class LocalCounter implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void inc() {
            count.increment();
        }

        @Override
        public void inc(long n) {
            count.add(n);
        }

        @Override
        public long getCount() {
            return count.sum();
        }
    }
}
