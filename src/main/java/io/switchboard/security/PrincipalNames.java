package io.switchboard.security;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Users and API keys share one namespace, since a name is what other clients see in {@code from}.
 * Each claims its name in the table {@code principal_names} in the transaction that creates it;
 * the table's key turns a race between an admin creating a user and one creating a key of the same
 * name into a refusal instead of two principals of one name.
 */
final class PrincipalNames {

    private PrincipalNames() {
    }

    /** Whether a user or an API key has {@code name}. */
    static boolean taken(EntityManager em, String name) {
        return !em.createNativeQuery("SELECT name FROM principal_names WHERE name = ?1")
                .setParameter(1, name).getResultList().isEmpty();
    }

    /** Claims {@code name} for a user or key created in the current transaction. */
    static void claim(EntityManager em, String name) {
        if (taken(em, name)) {
            throw new AccountException.Exists(name);
        }
        try {
            em.createNativeQuery("INSERT INTO principal_names (name) VALUES (?1)").setParameter(1, name).executeUpdate();
        } catch (PersistenceException claimedMeanwhile) {
            throw new AccountException.Exists(name);
        }
    }
}
