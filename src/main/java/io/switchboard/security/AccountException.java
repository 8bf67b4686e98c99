package io.switchboard.security;

/** A request about an account that cannot be carried out; carries the user name. */
public abstract sealed class AccountException extends RuntimeException {

    private final String username;

    AccountException(String username, String message) {
        super(message);
        this.username = username;
    }

    public String username() {
        return username;
    }

    public static final class NotFound extends AccountException {
        NotFound(String username) {
            super(username, "no user named " + username);
        }
    }

    public static final class Exists extends AccountException {
        Exists(String username) {
            super(username, "a user or key named " + username + " exists already");
        }
    }
}
