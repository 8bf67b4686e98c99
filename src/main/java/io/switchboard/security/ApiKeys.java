package io.switchboard.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys for services. A key is 32 random bytes, so a plain SHA-256 is enough to store it safely;
 * a slow password hash would only slow every handshake down.
 */
@ApplicationScoped
@Transactional
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "sbk_";

    @PersistenceContext(unitName = "switchboard")
    EntityManager em;

    /** A new key, returned in clear this once. */
    public record Issued(String name, String key, Set<Role> roles) {
    }

    public Issued create(String name, Set<Role> roles) {
        PrincipalNames.claim(em, name);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        em.persist(new ApiKey(name, sha256(key), roles));
        return new Issued(name, key, roles);
    }

    public Optional<ApiKey> verify(String key) {
        return em.createQuery("select k from ApiKey k where k.keyHash = :h", ApiKey.class)
                .setParameter("h", sha256(key)).getResultStream().findFirst()
                .filter(k -> !k.revoked);
    }

    public Optional<ApiKey> find(String name) {
        return em.createQuery("select k from ApiKey k where k.name = :n", ApiKey.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    public List<ApiKey> list() {
        return em.createQuery("select k from ApiKey k order by k.name", ApiKey.class).getResultList();
    }

    public void revoke(String name) {
        ApiKey key = find(name).orElseThrow(() -> new AccountException.NotFound(name));
        key.revoke();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
