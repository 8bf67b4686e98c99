package io.switchboard.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One message of a durable channel's history; {@code data} is its JSON text as published. */
@Entity
@Table(name = "messages")
@IdClass(StoredMessage.Key.class)
public class StoredMessage {

    @Id
    String channel;

    @Id
    long seq;

    @Column(nullable = false)
    String data;

    @Column(nullable = false)
    String sender;

    @Column(name = "client_id")
    String clientId;

    @Column(nullable = false)
    long ts;

    @Column(nullable = false)
    boolean deleted;

    protected StoredMessage() {
    }

    StoredMessage(String channel, long seq, String data, String sender, String clientId, long ts) {
        this.channel = channel;
        this.seq = seq;
        this.data = data;
        this.sender = sender;
        this.clientId = clientId;
        this.ts = ts;
    }

    public long seq() {
        return seq;
    }

    public String data() {
        return data;
    }

    public String sender() {
        return sender;
    }

    public long ts() {
        return ts;
    }

    public boolean deleted() {
        return deleted;
    }

    /** Moderation removes the content too, not only its visibility. */
    void delete() {
        deleted = true;
        data = "null";
    }

    /** The composite primary key (channel, seq); a class, not a record: the provider sets its fields. */
    public static class Key implements Serializable {
        String channel;
        long seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.channel, channel);
        }

        @Override
        public int hashCode() {
            return Objects.hash(channel, seq);
        }
    }
}
