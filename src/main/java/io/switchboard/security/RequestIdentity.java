package io.switchboard.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Who an HTTP request was authenticated as, left on the request by the authentication mechanism,
 * so the API reads the roles it checked rather than asking the container again per role.
 *
 * @param byApiKey the request carried an API key (no session, no cookie: exempt from the Origin rule)
 */
public record RequestIdentity(String name, Set<Role> roles, boolean byApiKey) {

    private static final String ATTRIBUTE = RequestIdentity.class.getName();

    public RequestIdentity {
        roles = Set.copyOf(roles);
    }

    static void set(HttpServletRequest request, RequestIdentity identity) {
        request.setAttribute(ATTRIBUTE, identity);
    }

    public static Optional<RequestIdentity> of(HttpServletRequest request) {
        return Optional.ofNullable((RequestIdentity) request.getAttribute(ATTRIBUTE));
    }
}
