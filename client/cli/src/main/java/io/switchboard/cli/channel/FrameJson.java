package io.switchboard.cli.channel;

import io.switchboard.client.ServerFrame;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * The client's frames written back as the hub's JSON objects (README, "Server to client"), with
 * the v1 fields in the hub's order: what {@code listen}, {@code publish} and {@code history} print,
 * one object a line.
 */
final class FrameJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private FrameJson() {
    }

    static JsonObject message(ServerFrame.Message m) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "message").add("channel", m.channel())
                .add("seq", m.seq()).add("data", m.data());
        if (m.from() != null) {
            b.add("from", m.from());
        }
        return b.add("ts", m.ts()).build();
    }

    static JsonObject deleted(ServerFrame.Deleted d) {
        return JSON.createObjectBuilder().add("type", "deleted").add("channel", d.channel()).add("seq", d.seq()).build();
    }

    static JsonObject presence(ServerFrame.Presence p) {
        return JSON.createObjectBuilder().add("type", "presence").add("channel", p.channel())
                .add(p.joined() ? "join" : "leave", JSON.createObjectBuilder().add("user", p.user())).build();
    }

    static JsonObject subscribed(ServerFrame.Subscribed s) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "subscribed").add("channel", s.channel())
                .add("seq", s.seq()).add("epoch", s.epoch());
        if (s.presence() != null) {
            JsonArrayBuilder users = JSON.createArrayBuilder();
            s.presence().forEach(u -> users.add(JSON.createObjectBuilder().add("user", u)));
            b.add("presence", users);
        }
        if (s.recovered() != null) {
            b.add("recovered", s.recovered());
        }
        return b.build();
    }

    static JsonObject ack(ServerFrame.Ack a) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "ack").add("id", a.id()).add("seq", a.seq());
        if (a.duplicate()) {
            b.add("duplicate", true);
        }
        return b.build();
    }

    /** A history entry: {@code {"seq":N,"data":..,"from":..,"ts":..}}, or {@code "deleted":true} instead of data. */
    static JsonObject entry(ServerFrame.HistoryEntry e) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("seq", e.seq());
        if (e.deleted()) {
            b.add("deleted", true);
        } else {
            b.add("data", e.data());
        }
        if (e.from() != null) {
            b.add("from", e.from());
        }
        return b.add("ts", e.ts()).build();
    }
}
