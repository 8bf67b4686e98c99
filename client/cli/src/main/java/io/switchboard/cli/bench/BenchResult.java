package io.switchboard.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run's figures, in the order they are printed, and its outcome. The same figures make the
 * machine-readable {@code RESULT key=value ...} line (what bench/run.sh collects) and the JSON
 * object of {@code --json}: numbers, booleans and strings alike; a list of numbers (one per
 * instance) is {@code a/b} in the line and an array in JSON; counts by name are {@code k:n,k:n}
 * in the line and an object in JSON; an empty list or map is {@code -} in the line.
 */
public final class BenchResult {

    private final String mode;
    private final Map<String, Object> fields;
    private final Outcome outcome;
    private final String summary;

    private BenchResult(String mode, Map<String, Object> fields, Outcome outcome, String summary) {
        this.mode = mode;
        this.fields = Collections.unmodifiableMap(fields);
        this.outcome = outcome;
        this.summary = summary;
    }

    static Builder of(String mode) {
        return new Builder(mode);
    }

    public String mode() {
        return mode;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The human summary line. */
    public String summary() {
        return summary;
    }

    /** The figures by name, in print order; {@code mode} is not among them. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** {@code RESULT mode=... key=value ...}: values hold no spaces. */
    public String resultLine() {
        StringBuilder b = new StringBuilder("RESULT mode=").append(mode);
        fields.forEach((name, value) -> b.append(' ').append(name).append('=').append(text(value)));
        return b.toString();
    }

    /** One JSON object on one line: mode, the figures, then {@code outcome} and {@code exit_code}. */
    public String json() {
        StringBuilder b = new StringBuilder("{\"mode\":").append(JsonWriter.quote(mode));
        fields.forEach((name, value) -> {
            b.append(',').append(JsonWriter.quote(name)).append(':');
            JsonWriter.value(b, value);
        });
        b.append(",\"outcome\":").append(JsonWriter.quote(outcome.name().toLowerCase(java.util.Locale.ROOT)));
        b.append(",\"exit_code\":").append(outcome.exitCode());
        return b.append('}').toString();
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : list.stream().map(String::valueOf).collect(Collectors.joining("/"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "-" : map.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** Collects the figures in print order. */
    static final class Builder {
        private final String mode;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder(String mode) {
            this.mode = mode;
        }

        Builder put(String name, long value) {
            fields.put(name, value);
            return this;
        }

        Builder put(String name, boolean value) {
            fields.put(name, value);
            return this;
        }

        Builder put(String name, String value) {
            fields.put(name, value);
            return this;
        }

        /** A figure with {@code places} decimals. */
        Builder put(String name, double value, int places) {
            fields.put(name, new JsonWriter.Decimal(value, places));
            return this;
        }

        /** One figure per instance. */
        Builder put(String name, List<Long> values) {
            fields.put(name, List.copyOf(values));
            return this;
        }

        /** Counts by name, in the map's order. */
        Builder put(String name, Map<String, Long> counts) {
            fields.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(counts)));
            return this;
        }

        BenchResult build(Outcome outcome, String summary) {
            return new BenchResult(mode, fields, outcome, summary);
        }
    }
}
