package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * Cross-site request checks for the handshake and the login and logout requests: a page on another
 * site must not be able to use a user's cookie (cross-site WebSocket hijacking, login CSRF).
 */
@ApplicationScoped
public class OriginCheck {

    @Inject
    SecuritySettings settings;

    /** Why the request's Origin is refused, or null when it is allowed. */
    public String refusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return settings.allowMissingOrigin() ? null : "missing Origin header";
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (settings.allowedOrigins().isEmpty()) {
            String own = ownOrigin(request);
            return normalized.equals(own) ? null : "Origin " + origin + " is not " + own;
        }
        for (String allowed : settings.allowedOrigins()) {
            if (normalized.equals(allowed.toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return "Origin " + origin + " is not allowed";
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return (request.getScheme() + "://" + host).toLowerCase(Locale.ROOT);
    }
}
