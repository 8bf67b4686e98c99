package io.switchboard.endpoint;

import io.switchboard.connection.UpgradedSocket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Finds the socket under each {@code /ws} handshake for {@link HandshakeConfigurator}, which puts it
 * (in a {@link CapturedUpgrade}) in the new session's properties. The container runs the handshake, configurator included, on
 * this thread inside {@code chain.doFilter} (its WebSocket filter comes after the application's),
 * and the configurator sees no servlet request of its own.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class SocketCapture extends HttpFilter {

    private static final ThreadLocal<CapturedUpgrade> CURRENT = new ThreadLocal<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CURRENT.set(new CapturedUpgrade(UpgradedSocket.of(request).orElse(null)));
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }

    /** What is known of the connection under the handshake running on this thread, or null. */
    static CapturedUpgrade current() {
        return CURRENT.get();
    }
}
