package io.switchboard.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A persistent login as stored: the SHA-256 of its cookie's token, whose login it carries on, and
 * until when (millis) it may restore that login.
 */
@Entity
@Table(name = "login_tokens")
public class LoginToken {

    @Id
    @Column(name = "token_hash")
    String tokenHash;

    @Column(nullable = false)
    String username;

    @Column(name = "login_key", nullable = false)
    String loginKey;

    @Column(name = "created_at")
    long createdAt;

    @Column(name = "expires_at")
    long expiresAt;

    @Column(name = "idle_until")
    long idleUntil;

    protected LoginToken() {
    }

    LoginToken(String tokenHash, String username, String loginKey, long createdAt, long expiresAt, long idleUntil) {
        this.tokenHash = tokenHash;
        this.username = username;
        this.loginKey = loginKey;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.idleUntil = idleUntil;
    }

    public String username() {
        return username;
    }

    public String loginKey() {
        return loginKey;
    }

    /** Whether the token may still restore its login at {@code nowMillis}. */
    public boolean validAt(long nowMillis) {
        return nowMillis < expiresAt && nowMillis < idleUntil;
    }
}
