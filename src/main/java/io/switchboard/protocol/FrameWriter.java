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
            data(out, f.data());
            string(out, "from", f.from());
        } else if (frame instanceof ServerFrame.Subscribed f) {
            type(out, "subscribed");
            string(out, "channel", f.channel());
            number(out, "seq", f.seq());
            id(out, f.id());
        } else if (frame instanceof ServerFrame.Unsubscribed f) {
            type(out, "unsubscribed");
            string(out, "channel", f.channel());
            id(out, f.id());
        } else if (frame instanceof ServerFrame.Ack f) {
            type(out, "ack");
            id(out, f.id());
            number(out, "seq", f.seq());
        } else if (frame instanceof ServerFrame.ChannelMessage f) {
            type(out, "message");
            string(out, "channel", f.channel());
            number(out, "seq", f.seq());
            data(out, f.data());
            string(out, "from", f.from());
            number(out, "ts", f.ts());
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
