package io.switchboard.security;

import io.switchboard.config.PrefixTable;
import java.util.Map;
import java.util.Set;

/**
 * The per-prefix channel rules, parsed from {@code switchboard.channel-rules}: entries separated by
 * {@code ;}, each {@code PREFIX*:subscribe=ROLE,publish=ROLE}. The longest matching prefix wins; a
 * bare {@code *} is the default for every other channel (user and user when absent). They decide
 * who may read and write a channel, whatever the way in.
 */
public final class ChannelRules {

    private final PrefixTable<ChannelRule> rules;

    private ChannelRules(PrefixTable<ChannelRule> rules) {
        this.rules = rules;
    }

    public static ChannelRules parse(String spec) {
        return new ChannelRules(PrefixTable.parse(spec, ChannelRules::rule, new ChannelRule(Role.USER, Role.USER)));
    }

    private static ChannelRule rule(Map<String, String> pairs) {
        Role subscribe = null;
        Role publish = null;
        for (Map.Entry<String, String> kv : pairs.entrySet()) {
            Role role = Role.parse(kv.getValue()).orElseThrow(
                    () -> new IllegalArgumentException("unknown role '" + kv.getValue() + "'"));
            switch (kv.getKey()) {
                case "subscribe" -> subscribe = role;
                case "publish" -> publish = role;
                default -> throw new IllegalArgumentException("unknown '" + kv.getKey() + "'");
            }
        }
        if (subscribe == null || publish == null) {
            throw new IllegalArgumentException("needs subscribe= and publish=");
        }
        return new ChannelRule(subscribe, publish);
    }

    public ChannelRule ruleFor(String channel) {
        return rules.lookup(channel);
    }

    /** Whether {@code roles} may subscribe to the channel and read its history, over the socket or HTTP. */
    public boolean mayRead(Set<Role> roles, String channel) {
        return Role.grants(roles, ruleFor(channel).subscribe());
    }

    /** Whether {@code roles} may publish in the channel, over the socket or HTTP. */
    public boolean mayWrite(Set<Role> roles, String channel) {
        return Role.grants(roles, ruleFor(channel).publish());
    }
}
