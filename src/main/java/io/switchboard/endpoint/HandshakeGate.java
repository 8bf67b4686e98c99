package io.switchboard.endpoint;

import io.switchboard.cluster.ClusterConnections;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.ShutdownDrain;
import io.switchboard.metrics.HubStats;
import io.switchboard.security.ConnectingAccounts;
import io.switchboard.security.JsonErrors;
import io.switchboard.security.OriginCheck;
import io.switchboard.security.Refusals;
import io.switchboard.security.RequestIdentity;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
import io.switchboard.security.SessionLogin;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Runs before the WebSocket upgrade of {@code /ws} and answers with an HTTP error, before any 101,
 * every handshake that must not become a connection: while shutting down, without a login, from a
 * foreign Origin, from a banned user, or over a connection cap (the per-user one counted over the
 * whole cluster, when clustered). It also looks up the caller's roles
 * for the connection's identity (see {@link VerifiedHandshake}), and reserves its connection slot.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class HandshakeGate extends HttpFilter {

    private static final Set<String> QUERY_CREDENTIALS = Set.of("token", "access_token", "api_key", "apikey", "key");

    @Inject
    OriginCheck origins;

    @Inject
    ConnectionRegistry registry;

    @Inject
    SecuritySettings settings;

    @Inject
    ConnectingAccounts accounts;

    @Inject
    Refusals refusals;

    @Inject
    ClusterConnections clusterConnections;

    @Inject
    HubStats stats;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (ShutdownDrain.stopping()) {
            refuse(request, response, 503, "shutting_down", "the server is shutting down");
            return;
        }
        if (mayCarryParameters(request) && request.getParameterMap().keySet().stream().anyMatch(QUERY_CREDENTIALS::contains)) {
            refuse(request, response, 401, "unauthorized",
                    "credentials in the query string are refused; use the session cookie or an Authorization header");
            return;
        }
        RequestIdentity caller = RequestIdentity.of(request).orElse(null);
        if (caller == null) {
            refuse(request, response, 401, "unauthorized", "log in first (POST /api/login) or send an API key");
            return;
        }
        String originRefusal = origins.refusal(request);
        if (originRefusal != null) {
            refuse(request, response, 403, "forbidden_origin", originRefusal);
            return;
        }
        String user = caller.name();
        Set<Role> roles = roles(caller);
        if (roles == null) {
            refuse(request, response, 403, "banned", "this user is banned or disabled");
            return;
        }
        ConnectionRegistry.Reservation reservation = registry.reserve(user, request.getRemoteAddr(),
                settings.connectionsMax(), settings.connectionsMaxPerUser(), settings.connectionsMaxPerAddress());
        if (!reservation.granted()) {
            response.setHeader("Retry-After", "10");
            switch (reservation.refused()) {
                case INSTANCE -> refuse(request, response, 503, "too_many_connections", "the server is at its connection limit");
                case USER -> refuse(request, response, 429, "too_many_connections", "too many connections for this user");
                case ADDRESS -> refuse(request, response, 429, "too_many_connections", "too many connections from this address");
            }
            return;
        }
        if (!clusterConnections.claim(user, settings.connectionsMaxPerUser())) {
            registry.release(reservation.slot());
            response.setHeader("Retry-After", "10");
            refuse(request, response, 429, "too_many_connections", "too many connections for this user");
            return;
        }
        String sessionKey = caller.byApiKey() ? null : SessionLogin.keyOf(request.getSession(false));
        try {
            chain.doFilter(new VerifiedHandshake(roles, sessionKey, reservation.slot()).wrap(request), response);
        } finally {
            // The connection claims its slot when it opens; a handshake that did not upgrade never will.
            if (response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                registry.release(reservation.slot());
            }
        }
    }

    /** The caller's roles as stored, or null when it may not connect (banned, disabled, revoked). */
    private Set<Role> roles(RequestIdentity caller) {
        if (caller.byApiKey()) {
            // The mechanism looked the key up on this very request; a revoked key got no identity.
            return caller.roles();
        }
        return accounts.rolesOf(caller.name()).orElse(null);
    }

    // Parameters come from the query string or, for a form POST, the body. The usual handshake has
    // neither, and asking for the parameters then would only parse nothing and keep an empty map
    // on the request for the connection's lifetime.
    private static boolean mayCarryParameters(HttpServletRequest request) {
        return request.getQueryString() != null || !"GET".equals(request.getMethod());
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                        String message) {
        refusals.refused("handshake " + code, RequestIdentity.of(request).map(RequestIdentity::name).orElse(null),
                request.getRemoteAddr());
        JsonErrors.write(response, status, code, message);
        try {
            stats.handshakeRefused(code);
        } catch (ContextNotActiveException stopped) {
            // the application is being taken down (a 503 while draining): the answer matters, not the count
        }
    }
}
