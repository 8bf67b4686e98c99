package io.switchboard.admin;

import java.util.Locale;

/** What the audit log records; {@link #wire()} is the {@code action} the API shows. */
enum AuditAction {
    USER_CREATE, USER_ROLES, USER_PASSWORD, USER_DISABLE, USER_ENABLE, USER_KICK, USER_BAN, USER_UNBAN,
    API_KEY_CREATE, API_KEY_REVOKE, MESSAGE_DELETE, CHANNEL_RESET;

    String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
