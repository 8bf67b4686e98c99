package io.switchboard.endpoint;

import io.switchboard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the handshake gate established about a handshake, carried to the handshake configurator
 * as a request header only the gate can set (a header of that name sent by the client is hidden):
 * the roles it looked up (the container's {@code isUserInRole} on the upgrade request was seen to
 * answer false for every role when handshakes run concurrently), the login session the connection
 * belongs to (none for an API key, whatever cookie came with it) and the connection slot it
 * reserved.
 */
record VerifiedHandshake(Set<Role> roles, String sessionKey, String slot) {

    private static final String HEADER = "X-Switchboard-Verified";

    HttpServletRequest wrap(HttpServletRequest request) {
        return new HeaderOverride(request, HEADER, encode());
    }

    /** What the gate verified, or null when the request did not pass the gate. */
    static VerifiedHandshake read(HandshakeRequest request) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (HEADER.equalsIgnoreCase(header.getKey()) && header.getValue().size() == 1) {
                return decode(header.getValue().get(0));
            }
        }
        return null;
    }

    // roles=user+admin;session=KEY;slot=ID, with an empty value where there is none. No commas:
    // the container splits header values at them.
    private String encode() {
        return "roles=" + roles.stream().map(Role::wire).collect(Collectors.joining("+"))
                + ";session=" + (sessionKey == null ? "" : sessionKey) + ";slot=" + slot;
    }

    private static VerifiedHandshake decode(String value) {
        String[] parts = value.split(";", -1);
        if (parts.length != 3 || !parts[0].startsWith("roles=") || !parts[1].startsWith("session=")
                || !parts[2].startsWith("slot=")) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : parts[0].substring(6).split("\\+")) {
            Role.parse(name.trim()).ifPresent(roles::add);
        }
        String session = parts[1].substring(8);
        return new VerifiedHandshake(roles, session.isEmpty() ? null : session, parts[2].substring(5));
    }
}
