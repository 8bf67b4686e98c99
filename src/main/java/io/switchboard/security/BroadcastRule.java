package io.switchboard.security;

import io.switchboard.config.Setting;
import org.eclipse.microprofile.config.Config;

/**
 * Who may broadcast and how much, from the {@code switchboard.broadcast.*} settings: a broadcast
 * reaches every connection on the instance, so it has limits of its own, tighter than other frames'.
 *
 * @param role      the least role that may broadcast
 * @param perSecond broadcasts one connection may send a second, on average
 * @param burst     broadcasts one connection may send at once
 * @param maxBytes  largest {@code data}, in bytes of UTF-8 of its compact JSON text
 */
public record BroadcastRule(Role role, double perSecond, int burst, int maxBytes) {

    /** Reads and checks the settings; an invalid value fails the deployment, like every setting. */
    public static BroadcastRule read(Config config) {
        String role = Setting.BROADCAST_ROLE.stringValue(config);
        return new BroadcastRule(
                Role.parse(role).orElseThrow(() -> new IllegalArgumentException(
                        Setting.BROADCAST_ROLE.key() + "=" + role + " is not user, moderator or admin")),
                Setting.BROADCAST_MESSAGES_PER_SECOND.decimalValue(config),
                Setting.BROADCAST_BURST.intValue(config),
                Setting.BROADCAST_MAX_BYTES.intValue(config));
    }

    /** A new connection's limit, its bucket full. */
    public BroadcastLimit newLimit(long nowNanos) {
        return new BroadcastLimit(this, nowNanos);
    }
}
