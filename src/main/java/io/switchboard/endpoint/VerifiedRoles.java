package io.switchboard.endpoint;

import io.switchboard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.websocket.server.HandshakeRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries the roles the handshake gate looked up to the handshake configurator, as a request header
 * only the gate can set: the container's {@code isUserInRole} on the upgrade request was seen to
 * answer false for every role when handshakes run concurrently, while the principal stayed right.
 * A header of that name sent by the client is hidden.
 */
final class VerifiedRoles extends HttpServletRequestWrapper {

    private static final String HEADER = "X-Switchboard-Verified-Roles";

    private final String value;

    private VerifiedRoles(HttpServletRequest request, Set<Role> roles) {
        super(request);
        this.value = roles.stream().map(Role::wire).collect(Collectors.joining(","));
    }

    static HttpServletRequest wrap(HttpServletRequest request, Set<Role> roles) {
        return new VerifiedRoles(request, roles);
    }

    static Set<Role> read(HandshakeRequest request) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (HEADER.equalsIgnoreCase(header.getKey())) {
                for (String value : header.getValue()) {
                    for (String name : value.split(",")) {
                        Role.parse(name.trim()).ifPresent(roles::add);
                    }
                }
            }
        }
        return roles;
    }

    @Override
    public String getHeader(String name) {
        return HEADER.equalsIgnoreCase(name) ? value : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (!HEADER.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(HEADER);
        return Collections.enumeration(names);
    }
}
