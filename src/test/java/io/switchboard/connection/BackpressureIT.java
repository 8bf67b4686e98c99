package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading is closed with 1013 while everyone else goes on at full speed, and
 * reads what was written before its close in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BackpressureIT {

    private static final int MESSAGES = 10_000;
    // 100 messages of about 2 kB: a fifth of the default outbound bound (1 MiB)
    private static final int ROUND = 100;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // A long close timeout, so the stalled client can still read its close frame once it
        // resumes; the outbound bound stays at its default.
        return Deployments.war("backpressure", Map.of("switchboard.close-timeout", "60s"));
    }

    @ArquillianResource
    URL base;

    @Test
    void slowConsumerIsClosedWith1013WhileANormalSubscriberGetsEverything() throws InterruptedException {
        URI ws = Deployments.wsUri(base);
        CountDownLatch stalled = new CountDownLatch(1);
        String payload = "x".repeat(2000);
        try (WsClient normal = WsClient.connect(ws);
             WsClient slow = WsClient.connect(ws, List.of(WsClient.V1), List.of(), stalled);
             WsClient publisher = WsClient.connect(ws)) {
            normal.send("{\"type\":\"subscribe\",\"channel\":\"firehose\"}");
            assertThat(normal.next().getString("type")).isEqualTo("subscribed");
            // The stalled client's subscribe is answered, but it will not read the reply yet.
            slow.send("{\"type\":\"subscribe\",\"channel\":\"firehose\"}");
            publisher.send("{\"type\":\"subscribe\",\"channel\":\"ready\"}");
            publisher.next("subscribed");

            // In rounds that the normal subscriber reads before the next one, so its backlog stays
            // far below the outbound bound however the test machine schedules its reader; the
            // stalled client's backlog grows by every round.
            for (int round = 0; round < MESSAGES / ROUND; round++) {
                for (int i = round * ROUND + 1; i <= (round + 1) * ROUND; i++) {
                    publisher.send("{\"type\":\"publish\",\"channel\":\"firehose\",\"data\":{\"i\":" + i
                            + ",\"p\":\"" + payload + "\"}}");
                }
                for (int i = round * ROUND + 1; i <= (round + 1) * ROUND; i++) {
                    JsonObject m = normal.next("message");
                    assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i);
                    assertThat(m.getJsonObject("data").getInt("i")).isEqualTo(i);
                }
            }
            for (int i = 1; i <= MESSAGES; i++) {
                assertThat(publisher.next("ack").getJsonNumber("seq").longValue()).isEqualTo(i);
            }

            stalled.countDown();
            assertThat(slow.awaitClose().getCloseCode().getCode()).isEqualTo(1013);
            // What the socket had taken before the overflow arrives whole and in order, before the
            // close: no frame held back for the stalled reader is overtaken by a later one.
            List<JsonObject> read = slow.drain(Duration.ofMillis(1));
            assertThat(read).isNotEmpty();
            assertThat(read.get(0).getString("type")).isEqualTo("subscribed");
            List<JsonObject> messages = read.subList(1, read.size());
            assertThat(messages).isNotEmpty().hasSizeLessThan(MESSAGES);
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).getString("type")).isEqualTo("message");
                assertThat(messages.get(i).getJsonNumber("seq").longValue()).isEqualTo(i + 1);
            }
            assertThat(normal.isOpen()).isTrue();
            assertThat(publisher.isOpen()).isTrue();
        }
    }
}
