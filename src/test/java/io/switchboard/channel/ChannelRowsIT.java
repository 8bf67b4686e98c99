package io.switchboard.channel;

import static io.switchboard.channel.DurableChannelIT.call;
import static io.switchboard.channel.DurableChannelIT.channel;
import static io.switchboard.channel.DurableChannelIT.epochOf;
import static io.switchboard.channel.DurableChannelIT.history;
import static io.switchboard.channel.DurableChannelIT.publish;
import static io.switchboard.channel.DurableChannelIT.seq;
import static io.switchboard.channel.DurableChannelIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading a channel nobody has published to creates nothing in the database, over the socket and
 * over HTTP; only a publish creates a channel's row. Runs its own server, since the embedded
 * database can be read from here only once the server has stopped.
 */
class ChannelRowsIT {

    @Test
    void readingNeverUsedChannelsOverTheSocketAndHttpCreatesNoRow() throws Exception {
        Path dataDir = Path.of("target", "it-data", "channel-rows-" + System.nanoTime()).toAbsolutePath();
        String subscribed = channel("unused-subscribe");
        String resubscribed = channel("unused-since");
        String read = channel("unused-history");
        String readOverHttp = channel("unused-http");
        String deletedIn = channel("unused-delete");
        String presentIn = channel("unused-presence");
        String used = channel("used");
        Set<String> rows;

        try (MicroServer server = MicroServer.start("channel-rows", Map.of("switchboard.data-dir", dataDir.toString()))) {
            URI ws = server.wsUri();
            Login.Credentials mod = Login.fresh(ws, "mod", Login.DEMO_PASSWORD);
            String epoch;
            try (WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", Login.DEMO_PASSWORD))) {
                JsonObject first = subscribe(alice, subscribed);
                assertThat(seq(first)).isZero();
                epoch = epochOf(first);
                assertThat(epoch).matches("[0-9a-f]{16}");
                assertThat(subscribe(alice, resubscribed, 0, "0123456789abcdef").getBoolean("recovered")).isFalse();

                JsonObject history = history(alice, read, null, null);
                assertThat(history.getString("epoch")).matches("[0-9a-f]{16}");
                assertThat(history.getJsonArray("messages")).isEmpty();
                assertThat(call(alice, Json.createObjectBuilder().add("type", "unsubscribe").add("channel", subscribed))
                        .getString("type")).isEqualTo("unsubscribed");

                assertThat(seq(publish(alice, used, "m1", "\"hello\""))).isEqualTo(1);
            }

            HttpResponse<String> page = Login.get(ws, "/api/channels/" + readOverHttp + "/messages", mod);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonObject body = Json.createReader(new StringReader(page.body())).readObject();
            assertThat(body.getString("epoch")).matches("[0-9a-f]{16}");
            assertThat(body.getJsonArray("messages")).isEmpty();
            HttpResponse<String> deleted = Login.send(ws, "/api/channels/" + deletedIn + "/messages/1", mod,
                    HttpRequest.BodyPublishers.noBody(), "DELETE");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(404);
            HttpResponse<String> presence = Login.get(ws, "/api/channels/" + presentIn + "/presence", mod);
            assertThat(presence.statusCode()).as(presence.body()).isEqualTo(200);
            assertThat(presence.body()).isEqualTo("[]");

            // The channel read first still answers the epoch it was told before the read of the others.
            try (WsClient bob = WsClient.connect(ws, Login.fresh(ws, "bob", Login.DEMO_PASSWORD))) {
                assertThat(epochOf(subscribe(bob, subscribed))).isEqualTo(epoch);
            }

            if (postgresql()) {
                rows = channelRows(System.getProperty("switchboard.test.db.url", "jdbc:postgresql://127.0.0.1:5432/switchboard_test?reWriteBatchedInserts=true"),
                        System.getProperty("switchboard.test.db.user", "switchboard"),
                        System.getProperty("switchboard.test.db.password", "switchboard"));
            } else {
                server.terminate();
                assertThat(server.awaitExit(Duration.ofSeconds(60))).as("the server stopped").isTrue();
                rows = channelRows("jdbc:h2:file:" + dataDir.resolve("switchboard") + ";MODE=LEGACY",
                        "switchboard", "switchboard");
            }
        }

        assertThat(rows).contains(used)
                .doesNotContain(subscribed, resubscribed, read, readOverHttp, deletedIn, presentIn);
    }

    private static boolean postgresql() {
        return "postgresql".equals(System.getProperty("switchboard.test.db"));
    }

    private static Set<String> channelRows(String url, String user, String password) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
             Statement query = db.createStatement();
             ResultSet rs = query.executeQuery("SELECT name FROM channels")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
