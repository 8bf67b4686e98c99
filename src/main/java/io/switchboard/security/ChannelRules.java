package io.switchboard.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The per-prefix channel rules, parsed from {@code switchboard.channel-rules}: entries separated by
 * {@code ;}, each {@code PREFIX*:subscribe=ROLE,publish=ROLE}. The longest matching prefix wins; a
 * bare {@code *} is the default for every other channel.
 */
public final class ChannelRules {

    private final List<ChannelRule> rules;

    private ChannelRules(List<ChannelRule> rules) {
        this.rules = rules;
    }

    public static ChannelRules parse(String spec) {
        List<ChannelRule> rules = new ArrayList<>();
        boolean hasDefault = false;
        for (String entry : spec.split(";")) {
            entry = entry.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1 || !entry.substring(0, colon).endsWith("*")) {
                throw new IllegalArgumentException("channel rule '" + entry + "' must look like prefix*:subscribe=ROLE,publish=ROLE");
            }
            String prefix = entry.substring(0, colon - 1).trim();
            hasDefault |= prefix.isEmpty();
            Role subscribe = null;
            Role publish = null;
            for (String part : entry.substring(colon + 1).split(",")) {
                String[] kv = part.trim().split("=", 2);
                Role role = kv.length == 2 ? Role.parse(kv[1].trim()).orElse(null) : null;
                if (role == null) {
                    throw new IllegalArgumentException("channel rule '" + entry + "': bad '" + part.trim() + "'");
                }
                switch (kv[0].trim()) {
                    case "subscribe" -> subscribe = role;
                    case "publish" -> publish = role;
                    default -> throw new IllegalArgumentException("channel rule '" + entry + "': unknown '" + kv[0] + "'");
                }
            }
            if (subscribe == null || publish == null) {
                throw new IllegalArgumentException("channel rule '" + entry + "' needs subscribe= and publish=");
            }
            rules.add(new ChannelRule(prefix, subscribe, publish));
        }
        if (!hasDefault) {
            rules.add(new ChannelRule("", Role.USER, Role.USER));
        }
        rules.sort(Comparator.comparingInt((ChannelRule r) -> r.prefix().length()).reversed());
        return new ChannelRules(List.copyOf(rules));
    }

    public ChannelRule ruleFor(String channel) {
        for (ChannelRule rule : rules) {
            if (rule.matches(channel)) {
                return rule;
            }
        }
        throw new IllegalStateException("no default channel rule");
    }
}
