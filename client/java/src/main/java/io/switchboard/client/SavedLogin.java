package io.switchboard.client;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cookies of a password login ({@link SwitchboardClient#logIn}): the session cookies and
 * {@code SBLOGIN}, kept so that a later process connects as {@code username} without the password
 * ({@link SwitchboardClient.Builder#savedLogin}). They are a credential: store them where only
 * their owner can read them.
 */
public record SavedLogin(String username, Map<String, String> cookies) {

    // RFC 6265 4.1.1: a token for the name, cookie-octets for the value
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VALUE = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*");

    public SavedLogin {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        if (cookies == null || cookies.isEmpty()) {
            throw new IllegalArgumentException("a saved login needs its cookies");
        }
        cookies.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches() || value == null || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("not a cookie: " + name);
            }
        });
        cookies = Map.copyOf(cookies);
    }

    /** Without the cookies' values, which are secret. */
    @Override
    public String toString() {
        return "SavedLogin[" + username + ", cookies " + cookies.keySet().stream().sorted().toList() + "]";
    }
}
