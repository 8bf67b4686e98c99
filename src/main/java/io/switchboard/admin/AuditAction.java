package io.switchboard.admin;

/** What the audit log records; {@link #wire()} is the {@code action} the API shows. */
enum AuditAction {
    USER_CREATE("user.create"),
    USER_ROLES("user.roles"),
    USER_PASSWORD("user.password"),
    USER_DISABLE("user.disable"),
    USER_ENABLE("user.enable"),
    USER_KICK("user.kick"),
    USER_BAN("user.ban"),
    USER_UNBAN("user.unban"),
    API_KEY_CREATE("apikey.create"),
    API_KEY_REVOKE("apikey.revoke"),
    MESSAGE_DELETE("message.delete"),
    CHANNEL_RESET("channel.reset");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}
