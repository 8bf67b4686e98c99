package io.switchboard.security;

import static io.switchboard.protocol.JsonText.quote;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the JSON error body every HTTP refusal carries: {@code {"error":CODE,"message":TEXT}}. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String body(String code, String message) {
        return "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}";
    }

    public static void write(HttpServletResponse response, int status, String code, String message) {
        try {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(body(code, message));
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        }
    }
}
