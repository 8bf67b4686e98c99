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
            broadcast(out, f.data(), f.from());
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
            message(out, f.channel(), f.seq(), f.data(), f.from(), f.ts());
        } else if (frame instanceof ServerFrame.Deleted f) {
            deleted(out, f.channel(), f.seq());
        } else if (frame instanceof ServerFrame.Presence f) {
            presence(out, f.channel(), f.join(), f.user());
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

    // The frames fanned out to many connections, written from their fields without a frame record:
    // a channel's local fan-out builds each once and queues the text to every subscriber.

    /** A {@code message} frame; {@code data} is JSON text. */
    public static String message(String channel, long seq, String data, String from, long ts) {
        return message(new StringBuilder(64), channel, seq, data, from, ts).append('}').toString();
    }

    public static String deleted(String channel, long seq) {
        return deleted(new StringBuilder(64), channel, seq).append('}').toString();
    }

    public static String presence(String channel, boolean join, String user) {
        return presence(new StringBuilder(64), channel, join, user).append('}').toString();
    }

    /** A {@code broadcast} frame; {@code data} is JSON text. */
    public static String broadcast(String data, String from) {
        return broadcast(new StringBuilder(64), data, from).append('}').toString();
    }

    private static StringBuilder message(StringBuilder out, String channel, long seq, String data, String from, long ts) {
        type(out, "message");
        string(out, "channel", channel);
        number(out, "seq", seq);
        out.append(",\"data\":").append(data);
        string(out, "from", from);
        number(out, "ts", ts);
        return out;
    }

    private static StringBuilder deleted(StringBuilder out, String channel, long seq) {
        type(out, "deleted");
        string(out, "channel", channel);
        number(out, "seq", seq);
        return out;
    }

    private static StringBuilder presence(StringBuilder out, String channel, boolean join, String user) {
        type(out, "presence");
        string(out, "channel", channel);
        user(out.append(join ? ",\"join\":" : ",\"leave\":"), user);
        return out;
    }

    private static StringBuilder broadcast(StringBuilder out, String data, String from) {
        type(out, "broadcast");
        out.append(",\"data\":").append(data);
        string(out, "from", from);
        return out;
    }

    /** A history entry as the {@code history} frame writes it. */
    public static StringBuilder entry(StringBuilder out, ServerFrame.HistoryEntry e) {
        return entry(out, e.seq(), e.data(), e.from(), e.ts(), e.deleted());
    }

    /** A history entry as the {@code history} frame and the HTTP API write it; {@code data} is JSON text. */
    public static StringBuilder entry(StringBuilder out, long seq, String data, String from, long ts, boolean deleted) {
        out.append("{\"seq\":").append(seq);
        if (deleted) {
            out.append(",\"deleted\":true");
        } else {
            out.append(",\"data\":").append(data);
        }
        string(out, "from", from);
        number(out, "ts", ts);
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
