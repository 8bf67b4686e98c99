package io.switchboard.testing;

import jakarta.json.JsonObject;
import java.util.List;

/** Reading presence frames (README, "presence") in the tests. */
public final class PresenceFrames {

    private PresenceFrames() {
    }

    /** "join" or "leave" when {@code frame} is a presence event of {@code user} in {@code channel}, else "". */
    public static String event(JsonObject frame, String channel, String user) {
        if (!"presence".equals(frame.getString("type", "")) || !channel.equals(frame.getString("channel", ""))) {
            return "";
        }
        for (String kind : List.of("join", "leave")) {
            if (frame.containsKey(kind) && user.equals(frame.getJsonObject(kind).getString("user"))) {
                return kind;
            }
        }
        return "";
    }
}
