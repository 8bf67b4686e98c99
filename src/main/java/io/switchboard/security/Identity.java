package io.switchboard.security;

import java.util.Set;

/**
 * Who is on a connection, fixed at the handshake: the user or API key name shown in {@code from},
 * their roles, the login session the connection belongs to (null for API keys), the remote
 * address and the Origin the handshake came with (null when it had none).
 */
public record Identity(String name, Set<Role> roles, String sessionKey, String address, String origin) {

    public Identity(String name, Set<Role> roles, String sessionKey, String address) {
        this(name, roles, sessionKey, address, null);
    }
}
