package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
    SecuritySettings settings;

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
        PrincipalNames.claim(em, username);
        Account account = new Account(username, settings.passwordHasher().hash(password.toCharArray()), roles);
        em.persist(account);
        return account;
    }

    /**
     * The account if the password is right and it may log in. A name that matches no account costs
     * a hash all the same, so the answer's timing does not tell which names exist. A hash made with
     * weaker parameters than the configured ones is replaced while the password is at hand.
     */
    public Optional<Account> verify(String username, String password) {
        PasswordHasher hasher = settings.passwordHasher();
        char[] clear = password.toCharArray();
        Optional<Account> found = find(username);
        if (found.isEmpty()) {
            hasher.verifyNothing(clear);
            return Optional.empty();
        }
        Account account = found.get();
        if (!account.passwordMatches(stored -> hasher.verify(clear, stored)) || account.disabled() || account.banned()) {
            return Optional.empty();
        }
        if (account.passwordMatches(hasher::needsRehash)) {
            account.changePasswordHash(hasher.hash(clear));
        }
        return Optional.of(account);
    }

    /** Whether a user or an API key is named {@code name}. */
    public boolean nameTaken(String name) {
        return PrincipalNames.taken(em, name);
    }

    public Account setRoles(String username, Set<Role> roles) {
        Account a = require(username);
        a.changeRoles(roles);
        return a;
    }

    public Account setPassword(String username, String password) {
        Account a = require(username);
        a.changePasswordHash(settings.passwordHasher().hash(password.toCharArray()));
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
