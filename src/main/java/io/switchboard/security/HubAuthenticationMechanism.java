package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Two ways in: a password login started by {@code POST /api/login} (then remembered in the HTTP
 * session), and an API key sent as {@code Authorization: Bearer KEY} on each request. Everything
 * else passes through unauthenticated; the resources and the handshake gate decide what that
 * means.
 */
@ApplicationScoped
@AutoApplySession
public class HubAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identities;

    @Inject
    ApiKeys apiKeys;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Credential credential = context.getAuthParameters().getCredential();
        if (credential != null) {
            CredentialValidationResult result = identities.validate(credential);
            return result.getStatus() == CredentialValidationResult.Status.VALID
                    ? context.notifyContainerAboutLogin(result)
                    : AuthenticationStatus.SEND_FAILURE;
        }
        String token = BearerKey.token(request);
        if (token != null) {
            Optional<ApiKey> key = apiKeys.verify(token);
            if (key.isPresent()) {
                BearerKey.verified(request, key.get());
                return context.notifyContainerAboutLogin(key.get().name(), Role.groups(key.get().roles()));
            }
            JsonErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "unknown or revoked API key");
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.doNothing();
    }
}
