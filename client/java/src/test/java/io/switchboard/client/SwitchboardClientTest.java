package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a client refuses before any server is involved: bad input, and requests beyond its bounds. */
class SwitchboardClientTest {

    private static SwitchboardClient.Builder builder() {
        return SwitchboardClient.builder("http://127.0.0.1:9/").apiKey("sbk_test");
    }

    private static SwitchboardException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SwitchboardException.class);
            return (SwitchboardException) e.getCause();
        }
        throw new AssertionError("the future did not fail");
    }

    @Test
    void aBuilderNeedsAnHttpUrlAndExactlyOneCredential() {
        assertThatThrownBy(() -> SwitchboardClient.builder("ws://127.0.0.1:8080/ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> SwitchboardClient.builder("http://127.0.0.1:8080/").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one credential");
        assertThatThrownBy(() -> builder().login("alice", "demo").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one credential");
        assertThatThrownBy(() -> builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoffCap");
        assertThatThrownBy(() -> builder().maxPending(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPending");
    }

    @Test
    void badChannelsAndMissingDataAreRefusedAtOnce() {
        try (SwitchboardClient client = builder().build()) {
            assertThatThrownBy(() -> client.publish("has space", JsonValue.NULL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel must match");
            assertThatThrownBy(() -> client.subscribe("x".repeat(129), e -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.publish("ok", null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("JsonValue.NULL");
            assertThatThrownBy(() -> client.history("ok", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void requestsBeyondMaxPendingFailWithLimitExceeded() throws Exception {
        try (SwitchboardClient client = builder().maxPending(2).build()) {
            CompletableFuture<ServerFrame.Ack> first = client.publish("c", Json.createValue(1));
            client.publish("c", Json.createValue(2));
            SwitchboardException refused = failure(client.publish("c", Json.createValue(3)));
            assertThat(refused.code()).isEqualTo(SwitchboardException.LIMIT_EXCEEDED);
            assertThat(refused.getMessage()).contains("maxPending");
            assertThat(client.pendingCount()).isEqualTo(2);
            first.cancel(false);
            assertThat(client.publish("c", Json.createValue(4), "again")).isNotDone();
        }
    }

    @Test
    void aPublishWithAWaitingIdIsTheSamePublish() {
        try (SwitchboardClient client = builder().build()) {
            CompletableFuture<ServerFrame.Ack> first = client.publish("c", Json.createValue(1), "m-1");
            assertThat(client.publish("c", Json.createValue(1), "m-1")).isSameAs(first);
            assertThat(client.pendingCount()).isEqualTo(1);
        }
    }

    @Test
    void subscriptionsBeyondTheLimitAreRefused() throws Exception {
        try (SwitchboardClient client = builder().maxSubscriptions(1).build()) {
            client.subscribe("a", e -> { });
            assertThatThrownBy(() -> client.subscribe("a", e -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already subscribed");
            assertThat(failure(client.subscribe("b", e -> { })).code()).isEqualTo(SwitchboardException.LIMIT_EXCEEDED);
        }
    }

    @Test
    void closeFailsWhatWaitsAndRefusesWhatComesAfter() throws Exception {
        SwitchboardClient client = builder().build();
        CompletableFuture<ServerFrame.Ack> waiting = client.publish("c", Json.createValue(1));
        CompletableFuture<ServerFrame.Subscribed> subscribing = client.subscribe("c", e -> { });
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(failure(waiting).code()).isEqualTo(SwitchboardException.CLOSED);
        assertThat(failure(subscribing).code()).isEqualTo(SwitchboardException.CLOSED);
        assertThat(failure(client.publish("c", Json.createValue(2))).code()).isEqualTo(SwitchboardException.CLOSED);
        assertThat(failure(client.connect()).code()).isEqualTo(SwitchboardException.CLOSED);
        client.close();
    }
}
