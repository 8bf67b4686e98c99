package io.switchboard.metrics;

import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Tag;

/** Where {@link HubStats} keeps its numbers: MicroProfile Metrics in the server, plain counters in a unit test. */
interface Meters {

    /** The counter of that name and tags, created on first use; the same one on every later call. */
    Counter counter(String name, String help, Tag... tags);

    void gauge(String name, String help, Supplier<Number> value, Tag... tags);
}
