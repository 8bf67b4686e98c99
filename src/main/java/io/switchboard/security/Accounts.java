package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Users and their passwords, roles and status. Passwords are stored as PBKDF2 hashes only. */
@ApplicationScoped
@Transactional
public class Accounts {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash hash;

    public static boolean validUsername(String name) {
        return name != null && USERNAME.matcher(name).matches();
    }

    public Optional<Account> find(String username) {
        return em.createQuery("select a from Account a where a.username = :u", Account.class)
                .setParameter("u", username).getResultStream().findFirst();
    }

    public List<Account> list() {
        return em.createQuery("select a from Account a order by a.username", Account.class).getResultList();
    }

    public long count() {
        return em.createQuery("select count(a) from Account a", Long.class).getSingleResult();
    }

    public Account create(String username, String password, Set<Role> roles) {
        if (find(username).isPresent()) {
            throw new AccountException.Exists(username);
        }
        Account account = new Account(username, hash.generate(password.toCharArray()), roles);
        em.persist(account);
        return account;
    }

    /** The account if the password is right and it may log in. */
    public Optional<Account> verify(String username, String password) {
        return find(username)
                .filter(a -> a.passwordMatches(stored -> hash.verify(password.toCharArray(), stored)))
                .filter(a -> !a.disabled() && !a.banned());
    }

    public Account setRoles(String username, Set<Role> roles) {
        Account a = require(username);
        a.changeRoles(roles);
        return a;
    }

    public Account setPassword(String username, String password) {
        Account a = require(username);
        a.changePasswordHash(hash.generate(password.toCharArray()));
        return a;
    }

    public Account setDisabled(String username, boolean disabled) {
        Account a = require(username);
        a.changeDisabled(disabled);
        return a;
    }

    public Account setBanned(String username, boolean banned) {
        Account a = require(username);
        a.changeBanned(banned);
        return a;
    }

    private Account require(String username) {
        return find(username).orElseThrow(() -> new AccountException.NotFound(username));
    }
}
