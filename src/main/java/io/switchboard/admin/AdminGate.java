package io.switchboard.admin;

import io.switchboard.connection.ShutdownDrain;
import io.switchboard.security.JsonErrors;
import io.switchboard.security.OriginCheck;
import io.switchboard.security.Refusals;
import io.switchboard.security.RequestIdentity;
import io.switchboard.security.Role;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lets only admins at the console: every request under {@code /admin} (the page, its files and
 * the live socket's handshake) comes from a login or API key with the admin role. A page request
 * without one is sent to the login on {@code /}; with a lesser role it gets a 403 page. A handshake
 * of the live socket gets a JSON error instead, and must also come from an allowed Origin (the
 * same rule as {@code /ws}) while the instance is not shutting down; one that passes is marked for
 * {@link LiveConfigurator}, which refuses any that is not.
 */
@WebFilter(urlPatterns = "/admin/*", asyncSupported = true)
public class AdminGate extends HttpFilter {

    @Inject
    OriginCheck origins;

    @Inject
    Refusals refusals;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestIdentity caller = RequestIdentity.of(request).orElse(null);
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            handshake(request, response, chain, caller);
            return;
        }
        if (caller == null) {
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        if (!Role.grants(caller.roles(), Role.ADMIN)) {
            refusals.refused("admin console", caller.name(), request.getRemoteAddr());
            forbidden(response, caller.name());
            return;
        }
        // The console's data changes by the second; a cached copy would show another moment.
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }

    private void handshake(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                           RequestIdentity caller) throws IOException, ServletException {
        String refusal;
        int status;
        String code;
        if (ShutdownDrain.stopping()) {
            status = 503;
            code = "shutting_down";
            refusal = "the server is shutting down";
        } else if (caller == null) {
            status = 401;
            code = "unauthorized";
            refusal = "log in first (POST /api/login)";
        } else if (!Role.grants(caller.roles(), Role.ADMIN)) {
            status = 403;
            code = "forbidden";
            refusal = "the admin console needs the admin role";
        } else {
            refusal = origins.refusal(request);
            status = 403;
            code = "forbidden_origin";
        }
        if (refusal != null) {
            refusals.refused("admin handshake " + code, caller == null ? null : caller.name(), request.getRemoteAddr());
            JsonErrors.write(response, status, code, refusal);
            return;
        }
        chain.doFilter(LiveConfigurator.admitted(request, caller.name()), response);
    }

    private static void forbidden(HttpServletResponse response, String user) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>403 Forbidden</title></head>\n"
                + "<body><h1>403 Forbidden</h1><p>The admin console needs the admin role; you are logged in as "
                + escape(user) + ".</p><p><a href=\"../\">Back to the chat</a></p></body></html>\n";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
