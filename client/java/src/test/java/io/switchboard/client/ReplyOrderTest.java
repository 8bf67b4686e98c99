package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reply reaches the frame listeners before its request's future completes, so code that runs
 * once the future is done finds the reply among the frames it was shown.
 */
@Timeout(60)
class ReplyOrderTest {

    @Test
    void anAckAndARefusalAreShownToFrameListenersBeforeTheirFuturesComplete() throws Exception {
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        try (FakeHub hub = new FakeHub();
             SwitchboardClient client = SwitchboardClient.builder(hub.base()).apiKey("sbk_test").onFrame(frames::add)
                     .backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build()) {
            client.connect();
            hub.handshake("switchboard.v1");

            CompletableFuture<ServerFrame.Ack> acked = client.publish("c", Json.createValue(1));
            // runs on the thread that completes the future, at that very moment
            CompletableFuture<Boolean> ackShownFirst = acked.thenApply(ack -> frames.contains(ack));
            String id = request(hub).getString("id");
            hub.sendText("{\"type\":\"ack\",\"id\":\"" + id + "\",\"seq\":1}");
            assertThat(ackShownFirst.get(30, TimeUnit.SECONDS)).as("the ack among the frames when its future completed").isTrue();

            CompletableFuture<ServerFrame.Ack> refused = client.publish("d", Json.createValue(2));
            CompletableFuture<Boolean> refusalShownFirst = refused.handle((ack, failure) ->
                    frames.stream().anyMatch(f -> f instanceof ServerFrame.Error e && "forbidden".equals(e.code())));
            String refusedId = request(hub).getString("id");
            hub.sendText("{\"type\":\"error\",\"code\":\"forbidden\",\"message\":\"no\",\"id\":\"" + refusedId + "\"}");
            assertThat(refusalShownFirst.get(30, TimeUnit.SECONDS)).as("the error among the frames when its future failed").isTrue();
        }
    }

    private static JsonObject request(FakeHub hub) throws Exception {
        FakeHub.Frame frame = hub.read();
        return Json.createReader(new StringReader(new String(frame.payload(), StandardCharsets.UTF_8))).readObject();
    }
}
