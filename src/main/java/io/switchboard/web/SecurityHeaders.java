package io.switchboard.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the security headers on every response but a WebSocket upgrade's 101, before anything else
 * can commit it: a Content-Security-Policy that runs only the site's own script files (no inline
 * script, no {@code eval}, no other origin, not framed), {@code nosniff}, no Referer, and
 * {@code X-Frame-Options} for browsers without {@code frame-ancestors}. {@code connect-src 'self'}
 * covers the page's own {@code ws:}/{@code wss:} origin in CSP Level 3 browsers. Script files are
 * served as {@code text/javascript} (see {@link JavaScriptType}), which {@code nosniff} makes matter.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SecurityHeaders extends HttpFilter {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'");

    /**
     * Sets the headers on {@code response}. For answers given before this filter runs: the
     * authentication mechanism's, and those of filters the container happens to order before it
     * (the order of annotated filters is unspecified).
     */
    public static void addTo(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Not on a WebSocket handshake: its 101 has no content for them to govern, and the container
        // keeps the 101's header fields for as long as the connection is open (4 fields, about 1.5 KB
        // of heap per connection). Its refusals carry them all the same (JsonErrors).
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            addTo(response);
        }
        String path = request.getRequestURI();
        // Script files only: every other response, the WebSocket upgrade's included, goes on unwrapped.
        boolean script = path.endsWith(".js") || path.endsWith(".mjs");
        chain.doFilter(request, script ? new JavaScriptType(response) : response);
    }
}
