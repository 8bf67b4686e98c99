package io.switchboard.endpoint;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Makes every WebSocket upgrade of this application ({@code /ws} and the admin console's feed)
 * check that each client frame is masked, and close with 1002 otherwise (RFC 6455 5.1), which the
 * container does not do by itself: its Tyrus reads the mask bit only to unmask. The container's
 * WebSocket filter comes after the application's, so the upgrade it starts goes through the
 * request wrapped here ({@link MaskCheckingRequest}).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class MaskCheckFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(MaskCheckFilter.class.getName());
    private static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";

    private boolean tyrus;

    @Override
    public void init() {
        try {
            Class.forName(TYRUS_HANDLER, false, MaskCheckFilter.class.getClassLoader());
            tyrus = true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warning("the container's WebSocket implementation is not Tyrus (" + TYRUS_HANDLER
                    + " is not visible): unmasked client frames are not refused");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (tyrus && isWebSocketUpgrade(request)) {
            chain.doFilter(new MaskCheckingRequest(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
