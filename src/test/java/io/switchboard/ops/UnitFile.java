package io.switchboard.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read the way systemd reads it (systemd.syntax(7)): sections, keys that may
 * repeat, lines continued with a backslash, comment lines ignored even inside a continuation.
 */
final class UnitFile {

    private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();

    UnitFile(String text) {
        Map<String, List<String>> section = null;
        StringBuilder pending = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (pending != null) {
                pending.append(' ');
            } else if (line.isEmpty()) {
                continue;
            } else if (line.startsWith("[")) {
                section = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), s -> new LinkedHashMap<>());
                continue;
            } else {
                pending = new StringBuilder();
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1).strip() : line);
            if (!continued) {
                String entry = pending.toString();
                int eq = entry.indexOf('=');
                if (section == null || eq < 0) {
                    throw new IllegalArgumentException("not a key=value line in a section: " + entry);
                }
                section.computeIfAbsent(entry.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(entry.substring(eq + 1).strip());
                pending = null;
            }
        }
    }

    /** Every value of a key in a section, in order; empty when it is not set. */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The last value of a key (the one in force for single-valued settings), or null. */
    String get(String section, String key) {
        List<String> values = all(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** The service's Environment= assignments, NAME to value, quotes removed. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String value : all("Service", "Environment")) {
            String assignment = value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }
}
