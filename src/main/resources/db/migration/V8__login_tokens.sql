-- Persistent logins: the SBLOGIN cookie holds 32 random bytes; only their SHA-256 (hex) is stored.
-- Each token belongs to one login (login_key, the key of its SessionLogin), which a restore carries
-- on. Times are milliseconds since the epoch: a token restores nothing at or after expires_at (its
-- creation plus switchboard.login.persistent) nor at or after idle_until (its login's last use
-- plus switchboard.session.timeout, moved on as the login is used).
CREATE TABLE login_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    username   VARCHAR(64) NOT NULL,
    login_key  VARCHAR(32) NOT NULL,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL,
    idle_until BIGINT      NOT NULL
);

CREATE INDEX login_tokens_user ON login_tokens (username);
CREATE INDEX login_tokens_login ON login_tokens (login_key);
