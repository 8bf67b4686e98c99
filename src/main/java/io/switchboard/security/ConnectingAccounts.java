package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The roles a user opens connections with, or none when they may not connect (unknown, disabled,
 * banned), as the handshake gate asks at every handshake. Users who may connect are remembered, so
 * a burst of handshakes does not read the account once each; a ban, a disable and a role change
 * all go through {@link SessionTerminator#disconnectHere} for the user on every instance, which
 * {@link #forget forgets} the user there before it closes their connections. Refusals are not
 * remembered, so an unban, an enable or a new account counts at the next handshake.
 */
@ApplicationScoped
public class ConnectingAccounts {

    // A bound on memory, far above the users of one instance: past it, the table starts over.
    private static final int MAX_USERS = 100_000;

    @Inject
    Accounts accounts;

    private final Map<String, Set<Role>> allowed = new ConcurrentHashMap<>();
    // Counts forgets: a read of the account that a forget overtook may be older than the change
    // that caused it, and is not remembered.
    private final AtomicLong forgets = new AtomicLong();

    /** The user's roles as stored, or empty when the user may not connect. */
    public Optional<Set<Role>> rolesOf(String user) {
        Set<Role> known = allowed.get(user);
        if (known != null) {
            return Optional.of(known);
        }
        long before = forgets.get();
        Optional<Set<Role>> roles = accounts.find(user).filter(a -> !a.disabled() && !a.banned()).map(a -> Set.copyOf(a.roles()));
        if (roles.isPresent() && forgets.get() == before) {
            if (allowed.size() >= MAX_USERS) {
                allowed.clear();
            }
            allowed.put(user, roles.get());
            if (forgets.get() != before) {
                // A forget ran between the check and the put, and may have missed this entry.
                allowed.remove(user, roles.get());
            }
        }
        return roles;
    }

    /** Called once the user's account may have changed (committed): the next handshake reads it. */
    public void forget(String user) {
        forgets.incrementAndGet();
        allowed.remove(user);
    }
}
