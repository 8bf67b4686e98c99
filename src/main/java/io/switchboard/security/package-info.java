/**
 * Who is connected and what they may do: login (Jakarta Security over the HTTP session), persistent
 * logins that survive a restart ({@link io.switchboard.security.PersistentLogins}), API keys, the
 * handshake checks (session, Origin, connection caps), per-channel rules, rate limits, and the end
 * of logins and connections (logout, expiry, kicks, bans, role changes, revoked keys) through
 * {@link io.switchboard.security.SessionTerminator}.
 */
package io.switchboard.security;
