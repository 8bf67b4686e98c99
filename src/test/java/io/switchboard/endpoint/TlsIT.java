package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code wss://} connection to the server's own TLS listener: frames go out through the
 * listener's encryption (never straight to the socket, as they do over plain TCP), so a client
 * reading TLS gets every message whole and in order, messages larger than a TLS record included.
 */
class TlsIT {

    private static final int MESSAGES = 300;

    @Test
    void aSubscriberOverTlsGetsEveryMessageWholeAndInOrder(@TempDir Path dir) throws Exception {
        int tlsPort = MicroServer.freePort();
        Path preboot = dir.resolve("tls.asadmin");
        Files.writeString(preboot, Files.readString(Path.of("server-config/loopback.asadmin"))
                + "\nset configs.config.server-config.network-config.network-listeners.network-listener"
                + ".https-listener.address=127.0.0.1\n");
        // The publishes below are all queued before the TLS client reads any; the queue's bound is
        // raised above their 4 MB so that how fast the container drains it cannot matter.
        try (MicroServer server = MicroServer.launch("tls").preboot(preboot)
                .settings(Map.of("switchboard.outbound.max-bytes", String.valueOf(64 << 20)))
                .options("--sslport", String.valueOf(tlsPort)).start().awaitReady()) {
            URI ws = server.wsUri();
            Login.Credentials alice = Login.fresh(ws, "alice", Login.DEMO_PASSWORD);
            Map<String, String> headers = Map.of("Cookie", alice.cookie(), "Origin", "https://127.0.0.1:" + tlsPort);
            try (RawWebSocket tls = RawWebSocket.connect(trustingContext().getSocketFactory().createSocket(),
                         "127.0.0.1", tlsPort, "/ws", List.of(WsClient.V1), headers, 0);
                 WsClient publisher = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD))) {
                Deque<JsonObject> received = new ArrayDeque<>();
                tls.sendText("{\"type\":\"subscribe\",\"channel\":\"tls\",\"id\":\"s\"}");
                assertThat(next(tls, received).getString("type")).isEqualTo("subscribed");

                // Every third message is larger than a TLS record (16 KiB).
                for (int i = 1; i <= MESSAGES; i++) {
                    String pad = "x".repeat(i % 3 == 0 ? 40_000 : i);
                    publisher.send("{\"type\":\"publish\",\"channel\":\"tls\",\"data\":{\"i\":" + i
                            + ",\"p\":\"" + pad + "\"}}");
                }
                for (int i = 1; i <= MESSAGES; i++) {
                    JsonObject m = next(tls, received);
                    assertThat(m.getString("type")).isEqualTo("message");
                    assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i);
                    assertThat(m.getJsonObject("data").getInt("i")).isEqualTo(i);
                    assertThat(m.getJsonObject("data").getString("p")).hasSize(i % 3 == 0 ? 40_000 : i);
                }

                // A reply to the TLS client's own request takes the same way out.
                tls.sendText("{\"type\":\"publish\",\"channel\":\"tls\",\"id\":\"p\",\"data\":\"over tls\"}");
                JsonObject ack = nextOf(tls, received, "ack");
                assertThat(ack.getString("id")).isEqualTo("p");
                assertThat(ack.getJsonNumber("seq").longValue()).isEqualTo(MESSAGES + 1);
            }
        }
    }

    private static JsonObject nextOf(RawWebSocket socket, Deque<JsonObject> received, String type) throws Exception {
        while (true) {
            JsonObject frame = next(socket, received);
            if (type.equals(frame.getString("type"))) {
                return frame;
            }
        }
    }

    // One text frame may carry several server frames, one per line.
    private static JsonObject next(RawWebSocket socket, Deque<JsonObject> received) throws Exception {
        while (received.isEmpty()) {
            for (String line : socket.readText().split("\n")) {
                received.add(Json.createReader(new StringReader(line)).readObject());
            }
        }
        return received.poll();
    }

    // The listener serves the container's self-signed certificate.
    private static SSLContext trustingContext() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // the test trusts the server it started
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the test trusts the server it started
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
