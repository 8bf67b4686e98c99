package io.switchboard.config;

import java.time.Duration;
import java.util.Map;

/**
 * How the channels of one prefix are kept: durable (history in the database) or ephemeral (only
 * the numbering), how much history, and whether presence is tracked.
 */
public record ChannelPolicy(boolean durable, int maxMessages, Duration maxAge, boolean presence) {

    static final ChannelPolicy DEFAULT = new ChannelPolicy(true, 1000, Duration.ofHours(24), true);

    /** Parses {@code switchboard.channel-policies}: the policy of every prefix, the default for the rest. */
    public static PrefixTable<ChannelPolicy> table(String spec) {
        return PrefixTable.parse(spec, ChannelPolicy::of, DEFAULT);
    }

    /** Parses one entry of {@code switchboard.channel-policies}; absent keys keep their defaults. */
    static ChannelPolicy of(Map<String, String> pairs) {
        boolean durable = DEFAULT.durable;
        int maxMessages = DEFAULT.maxMessages;
        Duration maxAge = DEFAULT.maxAge;
        boolean presence = DEFAULT.presence;
        for (Map.Entry<String, String> kv : pairs.entrySet()) {
            String v = kv.getValue();
            switch (kv.getKey()) {
                case "durable" -> durable = bool(kv.getKey(), v);
                case "presence" -> presence = bool(kv.getKey(), v);
                case "max-messages" -> maxMessages = positiveInt(v);
                case "max-age" -> maxAge = Setting.CHANNEL_POLICIES.parseDuration(v);
                default -> throw new IllegalArgumentException("unknown '" + kv.getKey() + "'");
            }
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max-age must be positive");
        }
        return new ChannelPolicy(durable, maxMessages, maxAge, presence);
    }

    private static boolean bool(String key, String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return v.equals("true");
    }

    private static int positiveInt(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("max-messages must be a positive whole number");
    }
}
