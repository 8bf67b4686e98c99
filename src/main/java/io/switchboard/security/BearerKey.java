package io.switchboard.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The API key a request carries as {@code Authorization: Bearer KEY}. The authentication mechanism
 * looks it up on every request and leaves the resulting {@link RequestIdentity} on the request.
 */
public final class BearerKey {

    private static final String PREFIX = "Bearer ";

    private BearerKey() {
    }

    /** The token after {@code Bearer }, or null when the request carries none. */
    public static String token(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return authorization.substring(PREFIX.length()).trim();
        }
        return null;
    }
}
