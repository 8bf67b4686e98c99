package io.switchboard.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A channel's stored state: its epoch and the last seq assigned in it. */
@Entity
@Table(name = "channels")
public class ChannelRecord {

    @Id
    String name;

    @Column(nullable = false)
    String epoch;

    @Column(name = "last_seq", nullable = false)
    long lastSeq;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    protected ChannelRecord() {
    }

    ChannelRecord(String name, String epoch, long createdAt) {
        this.name = name;
        this.epoch = epoch;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public String epoch() {
        return epoch;
    }

    public long lastSeq() {
        return lastSeq;
    }

    long assignNext() {
        return ++lastSeq;
    }

    void newEpoch(String epoch) {
        this.epoch = epoch;
    }
}
