package io.switchboard.admin;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.protocol.CloseCode;
import io.switchboard.security.OriginCheck;
import io.switchboard.security.Refusals;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
import io.switchboard.security.SessionKey;
import io.switchboard.security.JsonErrors;
import io.switchboard.security.LoginSessions;
import io.switchboard.security.LoginThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/me}. */
@Path("")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    SecurityContext security;

    @Inject
    SecuritySettings settings;

    @Inject
    OriginCheck origins;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Refusals refusals;

    @Inject
    LoginSessions loginSessions;

    private LoginThrottle throttle;

    @PostConstruct
    void init() {
        throttle = new LoginThrottle(settings.loginMaxFailures(), settings.loginWindow(), 100_000);
    }

    @POST
    @Path("login")
    public Response login(String body, @Context HttpServletRequest request, @Context HttpServletResponse response) {
        String address = request.getRemoteAddr();
        checkOrigin(request, null);
        JsonBody json = JsonBody.parse(body);
        String username = json.string("username");
        String password = json.string("password");
        Optional<Duration> wait = throttle.retryAfter(username, address, System.nanoTime());
        if (wait.isPresent()) {
            refusals.refused("login locked out", username, address);
            return error(429, "too_many_attempts", "too many failed logins; try again later")
                    .header("Retry-After", Math.max(1, wait.get().toSeconds())).build();
        }
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(username, new Password(password)))
                .newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            throttle.failed(username, address, System.nanoTime());
            refusals.refused("login failed", username, address);
            return error(401, "invalid_credentials", "wrong user name or password, or the user is disabled").build();
        }
        throttle.succeeded(username, address);
        HttpSession session = request.getSession();
        loginSessions.register(SessionKey.assign(session), username, session);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, settings.sessionTimeout().toSeconds()));
        return Response.noContent().build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpServletRequest request) throws ServletException {
        checkOrigin(request, request.getUserPrincipal());
        HttpSession session = request.getSession(false);
        String key = SessionKey.of(session);
        if (key != null) {
            // Closed before the session ends, or the container closes them first with its own code.
            registry.closeAllNow(c -> key.equals(c.identity().sessionKey()), CloseCode.SESSION_ENDED);
            loginSessions.forget(key);
        }
        request.logout();
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // logging out twice is fine
            }
        }
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    public Response me(@Context HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            throw ApiException.unauthorized();
        }
        List<Role> roles = Arrays.stream(Role.values()).filter(r -> request.isUserInRole(r.wire())).toList();
        return Response.ok(JsonBody.JSON.createObjectBuilder().add("username", principal.getName())
                .add("roles", JsonBody.rolesArray(roles))
                .build().toString()).build();
    }

    private void checkOrigin(HttpServletRequest request, Principal user) {
        String refusal = origins.refusal(request);
        if (refusal != null) {
            refusals.refused("origin", user == null ? null : user.getName(), request.getRemoteAddr());
            throw new ApiException(403, "forbidden_origin", refusal);
        }
    }

    private static Response.ResponseBuilder error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(code, message));
    }
}
