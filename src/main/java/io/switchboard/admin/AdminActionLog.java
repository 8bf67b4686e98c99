package io.switchboard.admin;

import io.switchboard.log.LogEvent;
import io.switchboard.security.RequestIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Logs every attempt at a moderator's or admin's action, done or refused, as an
 * {@code admin.action} event: who (user), from where (address), the method and path (which name
 * the action and its target, e.g. {@code POST admin/users/bob/kick}) and the status. Actions are
 * the requests that change something under {@code admin/}, a message deletion and a channel
 * reset. Bodies are never logged: they carry passwords.
 */
@Provider
public class AdminActionLog implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AdminActionLog.class.getName());
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getUriInfo().getPath();
        if (!isAction(method, path)) {
            return;
        }
        LogEvent.of("admin.action")
                .with("user", RequestIdentity.of(servletRequest).map(RequestIdentity::name).orElse(null))
                .with("address", servletRequest.getRemoteAddr())
                .with("method", method).with("path", path).with("status", response.getStatus())
                .info(LOG);
    }

    static boolean isAction(String method, String path) {
        if (!CHANGING.contains(method)) {
            return false;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.startsWith("admin/")) {
            return true;
        }
        // channels/{channel}/messages/{seq} (delete) and channels/{channel}/reset; a publish is not one
        return p.startsWith("channels/") && (method.equals("DELETE") || p.endsWith("/reset"));
    }
}
