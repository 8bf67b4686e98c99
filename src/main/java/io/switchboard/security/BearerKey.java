package io.switchboard.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The API key of a request sent with {@code Authorization: Bearer KEY}. The authentication
 * mechanism verifies it once per request and leaves the key on the request, so the handshake gate
 * and the HTTP API read it instead of hashing and looking it up again.
 */
public final class BearerKey {

    private static final String PREFIX = "Bearer ";
    private static final String VERIFIED = BearerKey.class.getName() + ".verified";

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

    static void verified(HttpServletRequest request, ApiKey key) {
        request.setAttribute(VERIFIED, key);
    }

    /** The key this request was authenticated with, if it was authenticated by an API key. */
    public static Optional<ApiKey> of(HttpServletRequest request) {
        return Optional.ofNullable((ApiKey) request.getAttribute(VERIFIED));
    }
}
