package io.switchboard.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Roles, ranked: a moderator may do what a user may, an admin what a moderator may. */
public enum Role {
    USER, MODERATOR, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String name) {
        for (Role r : values()) {
            if (r.wire().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The container groups for {@code roles}: each role with every role it outranks. */
    public static Set<String> groups(Collection<Role> roles) {
        Set<String> groups = new TreeSet<>();
        for (Role held : roles) {
            for (Role r : values()) {
                if (r.ordinal() <= held.ordinal()) {
                    groups.add(r.wire());
                }
            }
        }
        return groups;
    }

    /** The roles named by container groups (unknown names ignored). */
    public static Set<Role> fromGroups(Collection<String> groups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        groups.forEach(g -> parse(g).ifPresent(roles::add));
        return roles;
    }

    /** Whether someone holding {@code held} has at least {@code required}. */
    public static boolean grants(Collection<Role> held, Role required) {
        for (Role r : held) {
            if (r.ordinal() >= required.ordinal()) {
                return true;
            }
        }
        return false;
    }
}
