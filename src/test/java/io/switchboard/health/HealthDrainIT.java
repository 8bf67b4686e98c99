package io.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A stopping instance reports itself not ready while it drains, so a load balancer stops sending
 * it clients before its sockets close. Runs its own Payara Micro process, since it has to stop it.
 */
class HealthDrainIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readinessIsDownWhileTheInstanceDrains() throws Exception {
        try (MicroServer server = MicroServer.start("health-drain",
                Map.of("switchboard.shutdown.drain-seconds", "20"))) {
            assertThat(ready(server).statusCode()).isEqualTo(200);

            // A client that reads nothing holds the drain open with its queued messages.
            CountDownLatch stalled = new CountDownLatch(1);
            WsClient slow = WsClient.connect(server.wsUri(), List.of(WsClient.V1), List.of(), stalled);
            slow.send("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            String payload = "y".repeat(2000);
            try (WsClient publisher = WsClient.connect(server.wsUri())) {
                for (int i = 1; i <= 300; i++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"news\",\"data\":\"" + payload + "\",\"id\":\"" + i + "\"}");
                }
                for (int i = 1; i <= 300; i++) {
                    publisher.next("ack");
                }
            }

            server.terminate();

            HttpResponse<String> during = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> answer = ready(server);
                if (answer.statusCode() != 200) {
                    during = answer;
                    break;
                }
            }
            stalled.countDown();
            assertThat(during).as("a readiness answer other than 200 while draining").isNotNull();
            // 503 is what a load balancer's probe acts on; the body is the check's DOWN report or,
            // once the container has begun to stop the application, the container's own page.
            assertThat(during.statusCode()).isEqualTo(503);
            slow.awaitClose();
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isTrue();
        }
    }

    private static HttpResponse<String> ready(MicroServer server) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/health/ready");
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
