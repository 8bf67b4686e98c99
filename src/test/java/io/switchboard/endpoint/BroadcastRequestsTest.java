package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channel.Broadcaster;
import io.switchboard.cluster.LocalBus;
import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.TestConnections;
import io.switchboard.connection.TestConnections.TestConnection;
import io.switchboard.metrics.HubStats;
import io.switchboard.metrics.TestStats;
import io.switchboard.security.BroadcastLimit;
import io.switchboard.security.BroadcastRule;
import io.switchboard.security.Role;
import io.switchboard.testing.TestBeans;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broadcasts as their sender and the other connections see them, over the single-instance bus. */
class BroadcastRequestsTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final TestConnection sender = TestConnections.open("alice");
    private final TestConnection b = TestConnections.open("b");
    private final TestConnection c = TestConnections.open("c");
    private final HubRequests requests = new HubRequests();
    private final HubStats stats = TestStats.local();

    @BeforeEach
    void setUp() {
        ConnectionRegistry registry = new ConnectionRegistry() {
            @Override
            public Collection<Connection> all() {
                return List.of(sender.connection(), b.connection(), c.connection());
            }
        };
        TestBeans.wire(requests, new Broadcaster(), registry, new LocalBus(), TestConnections.sends(), stats);
    }

    private static JsonValue json(String text) {
        return JSON.createReader(new StringReader(text)).readValue();
    }

    private static BroadcastLimit limit(Role role, int burst, int maxBytes) {
        return new BroadcastRule(role, 1, burst, maxBytes).newLimit(System.nanoTime());
    }

    @Test
    void allowedBroadcastReachesEveryoneButTheSenderWhoGetsNoReply() {
        requests.broadcast(sender.connection(), limit(Role.USER, 5, 4096), json("\"hi\""), "b1");

        String expected = "{\"type\":\"broadcast\",\"data\":\"hi\",\"from\":\"alice\"}";
        assertThat(b.sink().lines()).containsExactly(expected);
        assertThat(c.sink().lines()).containsExactly(expected);
        assertThat(sender.sink().lines()).isEmpty();
    }

    @Test
    void sizeIsThatOfTheCompactJsonForwardedInBytesOfUtf8() {
        // {"a":"é"} is 10 bytes however the client spaced it.
        BroadcastLimit limit = limit(Role.USER, 5, 10);
        requests.broadcast(sender.connection(), limit, json("{ \"a\" : \"\\u00e9\" }"), "fits");
        requests.broadcast(sender.connection(), limit, json("{\"a\":\"éé\"}"), "big");

        assertThat(b.sink().lines()).containsExactly("{\"type\":\"broadcast\",\"data\":{\"a\":\"é\"},\"from\":\"alice\"}");
        assertThat(sender.sink().lines()).singleElement().satisfies(error -> assertThat(error)
                .startsWith("{\"type\":\"error\",\"code\":\"limit_exceeded\",\"message\":\"broadcast data is 12 bytes")
                .endsWith(",\"id\":\"big\"}"));
    }

    @Test
    void broadcastsOverTheRateReachNoOneAndTheFirstIsToldWithItsId() {
        BroadcastLimit limit = limit(Role.USER, 2, 4096);
        for (int i = 1; i <= 4; i++) {
            requests.broadcast(sender.connection(), limit, json("\"r" + i + "\""), "r" + i);
        }

        assertThat(b.sink().lines()).extracting(l -> json(l).asJsonObject().getString("data")).containsExactly("r1", "r2");
        assertThat(sender.sink().lines()).singleElement().satisfies(error -> assertThat(error)
                .startsWith("{\"type\":\"error\",\"code\":\"rate_limited\"").endsWith(",\"id\":\"r3\"}"));
        assertThat(stats.snapshot().errorsByCode()).containsExactly(java.util.Map.entry("rate_limited", 1L));
    }

    @Test
    void aRoleBelowTheRuleIsForbiddenAndReachesNoOne() {
        requests.broadcast(sender.connection(), limit(Role.MODERATOR, 5, 4096), json("\"hi\""), "f1");

        assertThat(b.sink().lines()).isEmpty();
        assertThat(c.sink().lines()).isEmpty();
        assertThat(sender.sink().lines()).singleElement().satisfies(error -> assertThat(error)
                .startsWith("{\"type\":\"error\",\"code\":\"forbidden\"")
                .contains("moderator").endsWith(",\"id\":\"f1\"}"));
    }
}
