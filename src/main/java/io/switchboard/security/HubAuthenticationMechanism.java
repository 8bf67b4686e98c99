package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.Set;

/**
 * Three ways in, checked in this order on every request: the credential of a password login
 * started by {@code POST /api/login} (always verified, whatever session the request carries); an
 * API key sent as {@code Authorization: Bearer KEY} (looked up on every request, so a revoked key
 * stops working at once, and never given a session); and the {@link SessionLogin} of the request's
 * HTTP session, unless that login has ended (see {@link LoginSessions}), or else the persistent
 * login of its {@code SBLOGIN} cookie, restored into a new session (see {@link PersistentLogins}), so
 * a page and its handshake carry on after a restart. Everything else passes through
 * unauthenticated; the resources and the handshake gate decide what that means.
 *
 * <p>Not {@code @AutoApplySession}: that restores any principal found in the session without
 * calling this mechanism, so a login request carrying another user's cookie skipped the password
 * check, and an API key's request got a session that outlived the key.
 */
@ApplicationScoped
public class HubAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identities;

    @Inject
    ApiKeys apiKeys;

    @Inject
    LoginSessions loginSessions;

    @Inject
    PersistentLogins persistentLogins;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Credential credential = context.getAuthParameters().getCredential();
        if (credential != null) {
            CredentialValidationResult result = identities.validate(credential);
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return AuthenticationStatus.SEND_FAILURE;
            }
            Set<Role> roles = Role.fromGroups(result.getCallerGroups());
            RequestIdentity.set(request, new RequestIdentity(result.getCallerPrincipal().getName(), roles, false));
            return context.notifyContainerAboutLogin(result);
        }
        String token = BearerKey.token(request);
        if (token != null) {
            Optional<ApiKey> key = apiKeys.verify(token);
            if (key.isPresent()) {
                RequestIdentity.set(request, new RequestIdentity(key.get().name(), key.get().roles(), true));
                return context.notifyContainerAboutLogin(key.get().name(), Role.groups(key.get().roles()));
            }
            JsonErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "unknown or revoked API key");
            return AuthenticationStatus.SEND_FAILURE;
        }
        HttpSession session = request.getSession(false);
        SessionLogin login = SessionLogin.of(session);
        if (login != null && loginSessions.hasEnded(login)) {
            // A copy of a session whose login ended on another instance (clustered).
            SessionLogin.clear(session);
            login = null;
        }
        if (login == null) {
            login = persistentLogins.restore(request, response).orElse(null);
            session = request.getSession(false);
        } else {
            persistentLogins.touch(login);
        }
        if (login != null) {
            loginSessions.seen(login, session);
            RequestIdentity.set(request, new RequestIdentity(login.user(), login.roles(), false));
            return context.notifyContainerAboutLogin(login.user(), Role.groups(login.roles()));
        }
        return context.doNothing();
    }
}
