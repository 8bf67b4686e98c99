package io.switchboard.admin;

import io.switchboard.security.RequestIdentity;
import io.switchboard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/** The authenticated caller of an API request, or a 401/403 when there is none or it lacks a role. */
record Caller(String name, Set<Role> roles) {

    static Caller require(HttpServletRequest request, Role role) {
        RequestIdentity identity = RequestIdentity.of(request).orElseThrow(ApiException::unauthorized);
        if (!Role.grants(identity.roles(), role)) {
            throw ApiException.forbidden("this needs the " + role.wire() + " role");
        }
        return new Caller(identity.name(), identity.roles());
    }

    /** Moderators act on users and keys without a moderator role; admins on anyone. */
    void mayActOn(Set<Role> target) {
        if (!Role.grants(roles, Role.ADMIN) && Role.grants(target, Role.MODERATOR)) {
            throw ApiException.forbidden("only an admin may do this to a moderator or admin");
        }
    }
}
