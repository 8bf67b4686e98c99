package io.switchboard.admin;

import io.switchboard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Set;

/** The authenticated caller of an API request, or a 401/403 when there is none or it lacks a role. */
record Caller(String name, Set<Role> roles) {

    static Caller require(HttpServletRequest request, Role role) {
        if (request.getUserPrincipal() == null) {
            throw ApiException.unauthorized();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (request.isUserInRole(r.wire())) {
                roles.add(r);
            }
        }
        if (!Role.grants(roles, role)) {
            throw ApiException.forbidden("this needs the " + role.wire() + " role");
        }
        return new Caller(request.getUserPrincipal().getName(), roles);
    }

    /** Moderators act on users only; admins on anyone. */
    void mayActOn(Set<Role> target) {
        if (!Role.grants(roles, Role.ADMIN) && Role.grants(target, Role.MODERATOR)) {
            throw ApiException.forbidden("only an admin may do this to a moderator or admin");
        }
    }
}
