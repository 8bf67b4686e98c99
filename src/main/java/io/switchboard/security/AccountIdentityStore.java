package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** Checks user names and passwords against the accounts table. */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

    @Inject
    Accounts accounts;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return accounts.verify(credential.getCaller(), credential.getPasswordAsString())
                .map(a -> new CredentialValidationResult(a.username(), Role.groups(a.roles())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
