package io.switchboard.endpoint;

import io.switchboard.connection.ShutdownDrain;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Runs before the WebSocket upgrade of {@code /ws}: refuses handshakes while shutting down. */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class HandshakeGate extends HttpFilter {

    @Inject
    ShutdownDrain drain;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (drain.isDraining()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"shutting_down\",\"message\":\"the server is shutting down\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
