package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The stored persistent logins, in the shared database: a token ended on one instance is refused on
 * every other from its next request on. Tokens are looked up by their hash (the primary key).
 */
@ApplicationScoped
@Transactional
public class LoginTokens {

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    public void add(LoginToken token) {
        em.persist(token);
    }

    public Optional<LoginToken> find(String tokenHash) {
        return Optional.ofNullable(em.find(LoginToken.class, tokenHash));
    }

    /** The login {@code loginKey} was used: its tokens restore it until {@code idleUntil}. */
    public void touch(String loginKey, long idleUntil) {
        em.createQuery("update LoginToken t set t.idleUntil = :u where t.loginKey = :k and t.idleUntil < :u")
                .setParameter("u", idleUntil).setParameter("k", loginKey).executeUpdate();
    }

    public void deleteToken(String tokenHash) {
        em.createQuery("delete from LoginToken t where t.tokenHash = :h").setParameter("h", tokenHash).executeUpdate();
    }

    public void deleteLogin(String loginKey) {
        em.createQuery("delete from LoginToken t where t.loginKey = :k").setParameter("k", loginKey).executeUpdate();
    }

    public void deleteUser(String username) {
        em.createQuery("delete from LoginToken t where t.username = :u").setParameter("u", username).executeUpdate();
    }

    /** Deletes the tokens that can restore nothing any more. */
    public void deleteExpired(long nowMillis) {
        em.createQuery("delete from LoginToken t where t.expiresAt <= :now or t.idleUntil <= :now")
                .setParameter("now", nowMillis).executeUpdate();
    }
}
