package io.switchboard.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/** The client's requests as protocol v1 frames (README, "Client to server"). */
final class ClientFrames {

    private static final JsonProvider JSON = JsonProvider.provider();

    private ClientFrames() {
    }

    static JsonObject ping(String id) {
        return JSON.createObjectBuilder().add("type", "ping").add("id", id).build();
    }

    static JsonObject echo(JsonValue data, String id) {
        return JSON.createObjectBuilder().add("type", "echo").add("data", data).add("id", id).build();
    }

    static JsonObject subscribe(String channel, Position since, String id) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "subscribe").add("channel", channel);
        if (since != null) {
            b.add("since", JSON.createObjectBuilder().add("seq", since.seq()).add("epoch", since.epoch()));
        }
        return b.add("id", id).build();
    }

    static JsonObject unsubscribe(String channel, String id) {
        return JSON.createObjectBuilder().add("type", "unsubscribe").add("channel", channel).add("id", id).build();
    }

    static JsonObject publish(String channel, JsonValue data, String id) {
        return JSON.createObjectBuilder().add("type", "publish").add("channel", channel).add("data", data)
                .add("id", id).build();
    }

    /** {@code before} 0: up to the newest; {@code limit} 0: the server's cap. */
    static JsonObject history(String channel, long before, int limit, String id) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "history").add("channel", channel);
        if (before > 0) {
            b.add("before", before);
        }
        if (limit > 0) {
            b.add("limit", limit);
        }
        return b.add("id", id).build();
    }

    static JsonObject broadcast(JsonValue data, String id) {
        return JSON.createObjectBuilder().add("type", "broadcast").add("data", data).add("id", id).build();
    }
}
