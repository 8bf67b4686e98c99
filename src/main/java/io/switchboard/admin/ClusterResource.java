package io.switchboard.admin;

import io.switchboard.cluster.MemberConnections;
import io.switchboard.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/cluster}: the instances and each one's open connections. */
@Path("admin/cluster")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    MemberConnections members;

    @GET
    public String members(@Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        return LiveJson.members(members.all()).build().toString();
    }
}
