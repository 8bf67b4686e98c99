package io.switchboard.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** A service's credential: only the SHA-256 of the key is stored; the key is shown once. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, unique = true)
    String name;

    @Column(name = "key_hash", nullable = false, unique = true)
    String keyHash;

    @Column(nullable = false)
    String roles;

    boolean revoked;

    @Column(name = "created_at", nullable = false)
    LocalDateTime createdAt; // UTC: the provider maps no Instant

    protected ApiKey() {
    }

    ApiKey(String name, String keyHash, Set<Role> roles) {
        this.name = name;
        this.keyHash = keyHash;
        this.roles = Account.RoleList.format(roles);
        this.createdAt = LocalDateTime.now(ZoneOffset.UTC);
    }

    void revoke() {
        this.revoked = true;
    }

    public String name() {
        return name;
    }

    public Set<Role> roles() {
        return Account.RoleList.parse(roles);
    }

    public boolean revoked() {
        return revoked;
    }
}
