package io.switchboard.security;

import static io.switchboard.protocol.JsonText.quote;

import io.switchboard.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the JSON error body every HTTP refusal carries, {@code {"error":CODE,"message":TEXT}},
 * with the security headers of every response.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String body(String code, String message) {
        return "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}";
    }

    public static void write(HttpServletResponse response, int status, String code, String message) {
        try {
            // An explicit length: a refused upgrade request was once answered "chunked" with the
            // body written unchunked, which a client cannot parse.
            String body = body(code, message);
            // Refusals may come before the headers filter runs (the authentication mechanism's do).
            SecurityHeaders.addTo(response);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
            response.getWriter().write(body);
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        }
    }
}
