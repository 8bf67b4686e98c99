package io.switchboard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Values per channel-name prefix, parsed from a setting written
 * {@code PREFIX*:key=value,key=value;PREFIX*:...}. The longest matching prefix wins; a bare
 * {@code *} matches every channel.
 */
public final class PrefixTable<T> {

    private record Entry<T>(String prefix, T value) {
    }

    /**
     * The channels one entry governs: those starting with {@code prefix} but with none of
     * {@code except}, the longer prefixes of other entries that start with it.
     */
    public record Scope<T>(String prefix, List<String> except, T value) {

        public boolean contains(String channel) {
            return channel.startsWith(prefix) && except.stream().noneMatch(channel::startsWith);
        }
    }

    private final List<Entry<T>> entries;

    private PrefixTable(List<Entry<T>> entries) {
        this.entries = entries;
    }

    /**
     * @param values turns one entry's key/value pairs into its value; throws
     *               IllegalArgumentException on bad or missing keys
     * @param fallback the value for channels no entry matches, when there is no bare {@code *}
     */
    public static <T> PrefixTable<T> parse(String spec, Function<Map<String, String>, T> values, T fallback) {
        List<Entry<T>> entries = new ArrayList<>();
        boolean hasDefault = false;
        for (String entry : spec.split(";")) {
            entry = entry.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1 || !entry.substring(0, colon).endsWith("*")) {
                throw new IllegalArgumentException("'" + entry + "' must look like prefix*:key=value,key=value");
            }
            String prefix = entry.substring(0, colon - 1).trim();
            hasDefault |= prefix.isEmpty();
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String part : entry.substring(colon + 1).split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new IllegalArgumentException("'" + entry + "': bad '" + part.trim() + "'");
                }
                pairs.put(kv[0].trim(), kv[1].trim());
            }
            try {
                entries.add(new Entry<>(prefix, values.apply(pairs)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry + "': " + e.getMessage(), e);
            }
        }
        if (!hasDefault) {
            entries.add(new Entry<>("", fallback));
        }
        entries.sort(Comparator.comparingInt((Entry<T> e) -> e.prefix().length()).reversed());
        return new PrefixTable<>(List.copyOf(entries));
    }

    /** One scope per entry that governs any channel; every channel is in exactly one, its lookup's. */
    public List<Scope<T>> scopes() {
        List<Scope<T>> scopes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Entry<T> e : entries) {
            // A later entry with the same prefix is never looked up.
            if (!seen.add(e.prefix())) {
                continue;
            }
            List<String> except = entries.stream().map(Entry::prefix)
                    .filter(p -> p.length() > e.prefix().length() && p.startsWith(e.prefix()))
                    .distinct().toList();
            scopes.add(new Scope<>(e.prefix(), except, e.value()));
        }
        return scopes;
    }

    public T lookup(String channel) {
        for (Entry<T> e : entries) {
            if (channel.startsWith(e.prefix())) {
                return e.value();
            }
        }
        throw new IllegalStateException("no default entry");
    }
}
