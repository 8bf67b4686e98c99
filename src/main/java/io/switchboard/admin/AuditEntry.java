package io.switchboard.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the audit log: who did what to which target, when and from where. Never changed. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false)
    long at;

    @Column(nullable = false)
    String actor;

    @Column(nullable = false)
    String action;

    @Column(nullable = false)
    String target;

    String detail;

    String address;

    protected AuditEntry() {
    }

    AuditEntry(long at, String actor, String action, String target, String detail, String address) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.detail = detail;
        this.address = address;
    }

    public long id() {
        return id;
    }

    public long at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public String detail() {
        return detail;
    }

    public String address() {
        return address;
    }
}
