package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that drop their TCP connection as soon as the upgrade is answered, while the server is
 * still opening the WebSocket. The container loses the end of the stream that arrives then; with
 * the default heartbeat (a 60 s timeout) such a connection would stay listed, and counted against
 * its user's and address's caps, for up to a minute.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DroppedConnectionsIT {

    private static final int DROPS = 60;
    private static final int PER_USER = 3;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // The caps are high enough for the drops, which are made one after the other.
        return Deployments.war("dropped", Map.of(
                "switchboard.connections.max-per-user", String.valueOf(DROPS + PER_USER),
                "switchboard.connections.max-per-address", String.valueOf(DROPS + PER_USER)));
    }

    @ArquillianResource
    URL base;

    @Test
    void clientsGoneRightAfterTheUpgradeAreForgottenWithinSeconds() throws IOException {
        URI ws = Deployments.wsUri(base);
        Map<String, String> alice = Login.shared(ws, "alice").headers();
        for (int i = 0; i < DROPS; i++) {
            // Answered 101, then closed with no close frame and nothing sent.
            RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(), List.of(WsClient.V1), alice).close();
        }

        // The heartbeat's sweep (2.5 s apart by default) ends any the opening itself missed.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(openConnections(ws)).as("open connections listed").isZero());

        // A client that stays is served as usual.
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_USER; i++) {
                RawWebSocket raw = RawWebSocket.connect(ws.getHost(), ws.getPort(), ws.getRawPath(),
                        List.of(WsClient.V1), alice);
                open.add(raw);
                raw.sendText("{\"type\":\"ping\",\"id\":\"stay-" + i + "\"}");
                assertThat(raw.readText()).contains("\"pong\"").contains("stay-" + i);
            }
            assertThat(openConnections(ws)).isEqualTo(PER_USER);
        } finally {
            open.forEach(RawWebSocket::close);
        }
    }

    private static int openConnections(URI ws) {
        HttpResponse<String> page = Login.get(ws, "/api/admin/connections", Login.shared(ws, "admin"));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonObject body = Json.createReader(new StringReader(page.body())).readObject();
        return body.getInt("total");
    }
}
