package io.switchboard.admin;

import io.switchboard.security.Accounts;
import io.switchboard.security.ApiKeys;
import io.switchboard.security.Role;
import io.switchboard.security.SessionTerminator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/admin/api-keys}: admins issue, list and revoke API keys. A key is shown once. */
@Path("admin/api-keys")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    @Inject
    ApiKeys keys;

    @Inject
    SessionTerminator terminator;

    @Inject
    AuditLog audit;

    @POST
    public Response create(String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        JsonBody json = JsonBody.parse(body);
        String name = json.string("name");
        if (!Accounts.validUsername(name)) {
            throw ApiException.badRequest("name must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        ApiKeys.Issued issued = keys.create(name, json.roles("roles"));
        // The key itself is shown once, to the caller, and never written anywhere else.
        audit.record(caller, AuditAction.API_KEY_CREATE, name, "roles " + String.join(",",
                issued.roles().stream().sorted().map(Role::wire).toList()), request);
        return Response.status(201).entity(JsonBody.JSON.createObjectBuilder().add("name", issued.name())
                .add("key", issued.key()).add("roles", JsonBody.rolesArray(issued.roles())).build().toString()).build();
    }

    @GET
    public String list(@Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        JsonArrayBuilder list = JsonBody.JSON.createArrayBuilder();
        keys.list().forEach(k -> list.add(JsonBody.JSON.createObjectBuilder().add("name", k.name())
                .add("roles", JsonBody.rolesArray(k.roles())).add("revoked", k.revoked())));
        return list.build().toString();
    }

    @DELETE
    @Path("{name}")
    public Response revoke(@PathParam("name") String name, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        keys.revoke(name);
        terminator.disconnectApiKey(name);
        audit.record(caller, AuditAction.API_KEY_REVOKE, name, null, request);
        return Response.noContent().build();
    }
}
