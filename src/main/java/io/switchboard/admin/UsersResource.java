package io.switchboard.admin;

import io.switchboard.protocol.CloseCode;
import io.switchboard.security.Account;
import io.switchboard.security.Accounts;
import io.switchboard.security.ApiKey;
import io.switchboard.security.ApiKeys;
import io.switchboard.security.PersistentLogins;
import io.switchboard.security.Refusals;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
import io.switchboard.security.SessionTerminator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * {@code /api/admin/users}: admins create users, set roles, reset passwords and disable them;
 * moderators and admins kick and ban.
 */
@Path("admin/users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    Accounts accounts;

    @Inject
    Refusals refusals;

    @Inject
    SessionTerminator terminator;

    @Inject
    ApiKeys keys;

    @Inject
    PersistentLogins persistentLogins;

    @Inject
    SecuritySettings settings;

    @Inject
    AuditLog audit;

    @GET
    public String list(@Context HttpServletRequest request) {
        Caller.require(request, Role.ADMIN);
        JsonArrayBuilder users = JsonBody.JSON.createArrayBuilder();
        accounts.list().forEach(a -> users.add(json(a)));
        return users.build().toString();
    }

    @POST
    public Response create(String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        JsonBody json = JsonBody.parse(body);
        String username = json.string("username");
        if (!Accounts.validUsername(username)) {
            throw ApiException.badRequest("username must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        Account account = accounts.create(username, password(json), json.roles("roles"));
        audit.record(caller, AuditAction.USER_CREATE, username, "roles " + roleList(account.roles()), request);
        return Response.status(201).entity(json(account).toString()).build();
    }

    @PUT
    @Path("{name}/roles")
    public String setRoles(@PathParam("name") String name, String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        Account account = accounts.setRoles(name, JsonBody.parse(body).roles("roles"));
        // Roles are fixed per login and per connection: end both so the user comes back with the new ones.
        terminator.disconnectUser(name, CloseCode.SESSION_ENDED, true);
        audit.record(caller, AuditAction.USER_ROLES, name, "roles " + roleList(account.roles()), request);
        return json(account).toString();
    }

    @PUT
    @Path("{name}/password")
    public Response setPassword(@PathParam("name") String name, String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        accounts.setPassword(name, password(JsonBody.parse(body)));
        // A reset password may be a taken one: no browser keeps the user logged in across a restart on it.
        persistentLogins.endAllOf(name);
        audit.record(caller, AuditAction.USER_PASSWORD, name, null, request);
        return Response.noContent().build();
    }

    @PUT
    @Path("{name}/disabled")
    public String setDisabled(@PathParam("name") String name, String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.ADMIN);
        boolean disabled = JsonBody.parse(body).bool("disabled");
        Account account = accounts.setDisabled(name, disabled);
        if (disabled) {
            kick(caller, name, "disabled");
        }
        audit.record(caller, disabled ? AuditAction.USER_DISABLE : AuditAction.USER_ENABLE, name, null, request);
        return json(account).toString();
    }

    @POST
    @Path("{name}/kick")
    public String kick(@PathParam("name") String name, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.MODERATOR);
        caller.mayActOn(rolesOf(name));
        int closed = kick(caller, name, "kicked");
        audit.record(caller, AuditAction.USER_KICK, name, closed + " connection(s) closed here", request);
        return JsonBody.JSON.createObjectBuilder().add("username", name).add("closed", closed).build().toString();
    }

    @PUT
    @Path("{name}/banned")
    public String setBanned(@PathParam("name") String name, String body, @Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.MODERATOR);
        boolean banned = JsonBody.parse(body).bool("banned");
        accounts.find(name).ifPresent(a -> caller.mayActOn(a.roles()));
        Account account = accounts.setBanned(name, banned);
        if (banned) {
            kick(caller, name, "banned");
        }
        audit.record(caller, banned ? AuditAction.USER_BAN : AuditAction.USER_UNBAN, name, null, request);
        return json(account).toString();
    }

    /** A ban or a disable also ends the user's logins; a kick alone lets them connect again. */
    private int kick(Caller caller, String name, String why) {
        int closed = terminator.disconnectUser(name, CloseCode.KICKED, !why.equals("kicked"));
        refusals.refused("user " + why + " by " + caller.name(), name, "-");
        return closed;
    }

    /** The roles of the user or API key called {@code name}; 404 when there is neither. */
    private Set<Role> rolesOf(String name) {
        return accounts.find(name).map(Account::roles)
                .or(() -> keys.find(name).map(ApiKey::roles))
                .orElseThrow(() -> new ApiException(404, "not_found", "no user or API key named " + name));
    }

    private String password(JsonBody json) {
        String password = json.string("password");
        int min = settings.passwordMinLength();
        if (password.codePointCount(0, password.length()) < min) {
            throw ApiException.badRequest("password must have at least " + min + " characters");
        }
        return password;
    }

    private static String roleList(Set<Role> roles) {
        return String.join(",", roles.stream().sorted().map(Role::wire).toList());
    }

    private static JsonObject json(Account a) {
        return JsonBody.JSON.createObjectBuilder().add("username", a.username())
                .add("roles", JsonBody.rolesArray(a.roles()))
                .add("disabled", a.disabled()).add("banned", a.banned()).build();
    }
}
