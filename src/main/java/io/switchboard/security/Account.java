package io.switchboard.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A user who logs in with a password. */
@Entity
@Table(name = "users")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, unique = true)
    String username;

    @Column(name = "password_hash", nullable = false)
    String passwordHash;

    @Column(nullable = false)
    String roles;

    boolean disabled;

    boolean banned;

    @Column(name = "created_at", nullable = false)
    LocalDateTime createdAt; // UTC: the provider maps no Instant

    protected Account() {
    }

    Account(String username, String passwordHash, Set<Role> roles) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = RoleList.format(roles);
        this.createdAt = LocalDateTime.now(ZoneOffset.UTC);
    }

    // Changes go through the entity's own methods: the persistence provider tracks field writes
    // made inside the entity class only.
    void changeRoles(Set<Role> newRoles) {
        this.roles = RoleList.format(newRoles);
    }

    void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
    }

    void changeDisabled(boolean value) {
        this.disabled = value;
    }

    void changeBanned(boolean value) {
        this.banned = value;
    }

    boolean passwordMatches(Predicate<String> check) {
        return check.test(passwordHash);
    }

    public String username() {
        return username;
    }

    public Set<Role> roles() {
        return RoleList.parse(roles);
    }

    public boolean disabled() {
        return disabled;
    }

    public boolean banned() {
        return banned;
    }

    /** Roles are stored as a comma-separated list of their wire names. */
    static final class RoleList {
        private RoleList() {
        }

        static String format(Set<Role> roles) {
            return roles.stream().map(Role::wire).sorted().collect(Collectors.joining(","));
        }

        static Set<Role> parse(String list) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            Arrays.stream(list.split(",")).map(String::trim).map(Role::parse)
                    .forEach(r -> r.ifPresent(roles::add));
            return roles;
        }
    }
}
