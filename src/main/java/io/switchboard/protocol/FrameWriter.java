package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * Turns server frames into compact JSON text. Hand-written rather than through a JSON generator:
 * it runs once per fan-out message and once per reply, and the frames are flat.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    public static String write(ServerFrame frame) {
        StringBuilder out = new StringBuilder(64);
        // Java 17 has no pattern switch; keep one branch per ServerFrame permit.
        if (frame instanceof ServerFrame.Pong f) {
            type(out, "pong");
            id(out, f.id());
        } else if (frame instanceof ServerFrame.EchoReply f) {
            type(out, "echo");
            data(out, f.data());
            id(out, f.id());
        } else if (frame instanceof ServerFrame.BroadcastMessage f) {
            type(out, "broadcast");
            out.append(",\"data\":").append(f.data());
            string(out, "from", f.from());
        } else if (frame instanceof ServerFrame.Subscribed f) {
            type(out, "subscribed");
            string(out, "channel", f.channel());
            number(out, "seq", f.seq());
            string(out, "epoch", f.epoch());
            if (f.presence() != null) {
                out.append(",\"presence\":[");
                for (int i = 0; i < f.presence().size(); i++) {
                    user(out.append(i == 0 ? "" : ","), f.presence().get(i));
                }
                out.append(']');
            }
            if (f.recovered() != null) {
                out.append(",\"recovered\":").append(f.recovered().booleanValue());
            }
            id(out, f.id());
        } else if (frame instanceof ServerFrame.Unsubscribed f) {
            type(out, "unsubscribed");
            string(out, "channel", f.channel());
            id(out, f.id());
        } else if (frame instanceof ServerFrame.Ack f) {
            type(out, "ack");
            id(out, f.id());
            number(out, "seq", f.seq());
            if (f.duplicate()) {
                out.append(",\"duplicate\":true");
            }
        } else if (frame instanceof ServerFrame.ChannelMessage f) {
            type(out, "message");
            string(out, "channel", f.channel());
            number(out, "seq", f.seq());
            out.append(",\"data\":").append(f.data());
            string(out, "from", f.from());
            number(out, "ts", f.ts());
        } else if (frame instanceof ServerFrame.Deleted f) {
            type(out, "deleted");
            string(out, "channel", f.channel());
            number(out, "seq", f.seq());
        } else if (frame instanceof ServerFrame.Presence f) {
            type(out, "presence");
            string(out, "channel", f.channel());
            user(out.append(f.join() ? ",\"join\":" : ",\"leave\":"), f.user());
        } else if (frame instanceof ServerFrame.History f) {
            type(out, "history");
            string(out, "channel", f.channel());
            string(out, "epoch", f.epoch());
            out.append(",\"messages\":[");
            for (int i = 0; i < f.messages().size(); i++) {
                entry(out.append(i == 0 ? "" : ","), f.messages().get(i));
            }
            out.append(']');
            id(out, f.id());
        } else if (frame instanceof ServerFrame.Error f) {
            type(out, "error");
            string(out, "code", f.code().wire());
            string(out, "message", f.message());
            id(out, f.id());
        } else {
            throw new IllegalStateException("unhandled frame " + frame);
        }
        return out.append('}').toString();
    }

    /** A history entry as the {@code history} frame and the HTTP API write it. */
    public static StringBuilder entry(StringBuilder out, ServerFrame.HistoryEntry e) {
        out.append("{\"seq\":").append(e.seq());
        if (e.deleted()) {
            out.append(",\"deleted\":true");
        } else {
            out.append(",\"data\":").append(e.data());
        }
        string(out, "from", e.from());
        number(out, "ts", e.ts());
        return out.append('}');
    }

    private static void user(StringBuilder out, String user) {
        out.append("{\"user\":");
        JsonText.quote(out, user);
        out.append('}');
    }

    private static void type(StringBuilder out, String type) {
        out.append("{\"type\":");
        JsonText.quote(out, type);
    }

    private static void id(StringBuilder out, String id) {
        if (id != null) {
            string(out, "id", id);
        }
    }

    private static void string(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        JsonText.quote(out, value);
    }

    private static void number(StringBuilder out, String name, long value) {
        out.append(",\"").append(name).append("\":").append(value);
    }

    private static void data(StringBuilder out, JsonValue data) {
        out.append(",\"data\":").append(data.toString());
    }
}
