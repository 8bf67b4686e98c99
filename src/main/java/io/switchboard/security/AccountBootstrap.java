package io.switchboard.security;

import io.switchboard.persistence.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Logger;

/**
 * On first start, creates the admin user so someone can log in; in demo mode, also the demo users
 * (all with password {@code demo}).
 */
@ApplicationScoped
public class AccountBootstrap {

    private static final Logger LOG = Logger.getLogger(AccountBootstrap.class.getName());
    private static final String DEMO_PASSWORD = "demo";

    @Inject
    Accounts accounts;

    @Inject
    SecuritySettings settings;

    void seed(@Observes SchemaReady ready) {
        if (settings.demoUsers()) {
            LOG.warning("demo mode: users alice, bob, mod and admin exist with password 'demo'; never use this in production");
            demo("admin", Role.ADMIN);
            demo("alice", Role.USER);
            demo("bob", Role.USER);
            demo("mod", Role.MODERATOR);
        }
        if (accounts.count() == 0) {
            String password = settings.adminInitialPassword();
            if (password.isEmpty()) {
                byte[] bytes = new byte[12];
                new SecureRandom().nextBytes(bytes);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                String shown = password;
                LOG.warning(() -> "created user 'admin' with password '" + shown + "' (shown only this once; change it)");
            } else {
                LOG.info("created user 'admin' with the password from switchboard.admin.initial-password");
            }
            accounts.create("admin", password, Set.of(Role.ADMIN));
        }
    }

    private void demo(String username, Role role) {
        if (accounts.find(username).isEmpty()) {
            accounts.create(username, DEMO_PASSWORD, Set.of(role));
        }
    }
}
