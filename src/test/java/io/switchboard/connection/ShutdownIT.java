package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server: queues drain, every connection gets 1001, and no new connection is
 * accepted meanwhile. Runs its own Payara Micro process, since it has to stop it.
 */
class ShutdownIT {

    @Test
    void stoppingTheServerDrainsQueuesThenClosesEveryConnectionWith1001() throws Exception {
        try (MicroServer server = MicroServer.start("shutdown",
                Map.of("switchboard.shutdown.drain-seconds", "8"))) {
            CountDownLatch stalled = new CountDownLatch(1);
            String payload = "y".repeat(2000);
            WsClient reader = WsClient.connect(server.wsUri());
            WsClient idle = WsClient.connect(server.wsUri());
            WsClient slow = WsClient.connect(server.wsUri(), List.of(WsClient.V1), List.of(), stalled);
            reader.send("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            reader.next("subscribed");
            slow.send("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            try (WsClient publisher = WsClient.connect(server.wsUri())) {
                // Enough for the stalled client's socket buffers to fill, not its queue.
                for (int i = 1; i <= 300; i++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"news\",\"data\":\"" + payload + "\",\"id\":\"" + i + "\"}");
                }
                for (int i = 1; i <= 300; i++) {
                    publisher.next("ack");
                }
            }

            server.terminate();

            for (int i = 1; i <= 300; i++) {
                JsonObject m = reader.next("message");
                assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i);
            }
            assertThat(reader.awaitClose().getCloseCode().getCode()).isEqualTo(1001);
            assertThat(idle.awaitClose().getCloseCode().getCode()).isEqualTo(1001);

            // The stalled client holds the drain open; a newcomer is turned away meanwhile.
            assertThatThrownBy(() -> {
                WsClient late = WsClient.connect(server.wsUri());
                CloseReason reason = late.awaitClose();
                throw new IllegalStateException("closed with " + reason.getCloseCode().getCode());
            }).satisfiesAnyOf(
                    e -> assertThat(e).hasMessageContaining("cannot connect"),
                    e -> assertThat(e).hasMessageContaining("closed with 1001"));

            stalled.countDown();
            CloseReason slowClose = slow.awaitClose();
            assertThat(slowClose.getCloseCode().getCode()).isIn(1001, 1006);
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isTrue();
        }
    }
}
