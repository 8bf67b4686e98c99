package io.switchboard.admin;

import io.switchboard.log.LogEvent;
import io.switchboard.security.Accounts;
import io.switchboard.security.JsonErrors;
import io.switchboard.security.LoginSessions;
import io.switchboard.security.LoginThrottle;
import io.switchboard.security.PersistentLogins;
import io.switchboard.security.RateTable;
import io.switchboard.security.Refusals;
import io.switchboard.security.RequestIdentity;
import io.switchboard.security.Role;
import io.switchboard.security.SecuritySettings;
import io.switchboard.security.SessionLogin;
import io.switchboard.security.SessionTerminator;
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
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/me}. The Origin rule for
 * the two POSTs is applied by {@link io.switchboard.security.ApiGuard}, before they get here.
 */
@Path("")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private static final Logger LOG = Logger.getLogger(SessionResource.class.getName());
    private static final int MAX_TRACKED = 100_000;

    @Inject
    SecurityContext security;

    @Inject
    SecuritySettings settings;

    @Inject
    Refusals refusals;

    @Inject
    LoginSessions loginSessions;

    @Inject
    SessionTerminator terminator;

    @Inject
    Accounts accounts;

    @Inject
    PersistentLogins persistentLogins;

    private LoginThrottle throttle;
    private RateTable perAddress;

    @PostConstruct
    void init() {
        throttle = new LoginThrottle(settings.loginMaxFailures(), settings.loginWindow(), MAX_TRACKED);
        int perMinute = settings.loginMaxPerAddressPerMinute();
        perAddress = new RateTable(perMinute / 60.0, perMinute, MAX_TRACKED);
    }

    /**
     * Verifies the credential it carries whatever session came with it. Every attempt counts as a
     * failure of that user from that address until it succeeds (see {@link LoginThrottle}), and each
     * address may make only so many attempts a minute, since each costs a password hash.
     */
    @POST
    @Path("login")
    public Response login(String body, @Context HttpServletRequest request, @Context HttpServletResponse response) {
        String address = request.getRemoteAddr();
        JsonBody json = JsonBody.parse(body);
        String username = json.string("username");
        String password = json.string("password");
        if (!perAddress.tryTake(address, System.nanoTime())) {
            refusals.refused("login rate per address", null, address);
            return tooManyAttempts(Duration.ofSeconds(Math.max(1, 60 / Math.max(1, settings.loginMaxPerAddressPerMinute()))));
        }
        Optional<Duration> wait = throttle.reserve(username, address, System.nanoTime());
        if (wait.isPresent()) {
            refusals.refused("login locked out", knownName(username), address);
            return tooManyAttempts(wait.get());
        }
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(username, new Password(password)))
                .newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            refusals.refused("login failed", knownName(username), address);
            return error(401, "invalid_credentials", "wrong user name or password, or the user is disabled").build();
        }
        throttle.succeeded(username, address);
        RequestIdentity identity = RequestIdentity.of(request).orElseThrow();
        HttpSession session = sessionFor(request, identity.name());
        SessionLogin login = SessionLogin.start(session, identity.name(), identity.roles());
        loginSessions.register(login.key(), login.user(), session);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, settings.sessionTimeout().toSeconds()));
        String cookie = persistentLogins.remember(request, login);
        LogEvent.of("login").with("user", login.user()).with("address", address).info(LOG);
        if (cookie != null) {
            // On the servlet response, beside the session cookie: a Set-Cookie header of the JAX-RS
            // response would replace that one.
            response.addHeader("Set-Cookie", cookie);
        }
        return Response.noContent().build();
    }

    /**
     * The session the new login goes into, always under a new id so a session id planted before
     * the login is worth nothing after it. Another user's login in that session ends first, with
     * its connections; the same user's carries on, with its connections.
     */
    private HttpSession sessionFor(HttpServletRequest request, String user) {
        HttpSession existing = request.getSession(false);
        SessionLogin previous = SessionLogin.of(existing);
        if (previous != null && loginSessions.hasEnded(previous)) {
            // a copy of the session (clustered) still holding a login ended on another instance
            SessionLogin.clear(existing);
            previous = null;
        }
        if (previous != null && !previous.user().equals(user)) {
            terminator.endLogin(previous.key());
            // Not invalidated: see LoginSessions.end. Without the old login and under a new id,
            // nothing of the previous user's session is left.
            SessionLogin.clear(existing);
        }
        if (existing != null) {
            request.changeSessionId();
            return existing;
        }
        return request.getSession(true);
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpServletRequest request, @Context HttpServletResponse response)
            throws ServletException {
        HttpSession session = request.getSession(false);
        SessionLogin login = SessionLogin.of(session);
        String key = login == null ? null : login.key();
        if (key != null) {
            LogEvent.of("logout").with("user", login.user()).with("address", request.getRemoteAddr()).info(LOG);
            // Before the session ends, or the container closes its connections first with its own code.
            terminator.endLogin(key);
        }
        String cleared = persistentLogins.forget(request);
        request.logout();
        if (session != null) {
            loginSessions.end(session);
        }
        if (cleared != null) {
            response.addHeader("Set-Cookie", cleared);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    public Response me(@Context HttpServletRequest request) {
        Caller caller = Caller.require(request, Role.USER);
        return Response.ok(JsonBody.JSON.createObjectBuilder().add("username", caller.name())
                .add("roles", JsonBody.rolesArray(Role.fromGroups(Role.groups(caller.roles()))))
                .build().toString()).build();
    }

    /** The name as typed if it names a user or key; never log what may be a password typed in the wrong field. */
    private String knownName(String username) {
        return Accounts.validUsername(username) && accounts.nameTaken(username) ? username : null;
    }

    private static Response tooManyAttempts(Duration wait) {
        return error(429, "too_many_attempts", "too many login attempts; try again later")
                .header("Retry-After", Math.max(1, wait.toSeconds())).build();
    }

    private static Response.ResponseBuilder error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonErrors.body(code, message));
    }
}
