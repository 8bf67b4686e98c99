package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One client flooding the server cannot hold up another's publish: with one request worker and
 * one writer, a flooder that never lets its request lane or its channel's pending queue run empty
 * would otherwise keep the only thread, and the other client's ack would wait for the flood to end.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FairnessIT {

    /** How long another client's publish may take to be acked while the flood goes on. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    /**
     * Requests the flooder keeps unanswered: enough that its lane (or its channel's pending
     * publishes) never runs empty when this side stalls for a second or two, few enough that what
     * is left when the flood stops is done in seconds (a history read takes about a millisecond
     * here, a one-publish transaction a few).
     */
    private static final int HISTORY_WINDOW = 10_000;
    private static final int PUBLISH_WINDOW = 2_000;
    private static final int FLOOD_MAX_FRAMES = 500_000;
    private static final Duration FLOOD_MAX_TIME = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("fairness", Map.of(
                "switchboard.channel.workers", "1",
                "switchboard.publish.writers", "1",
                // One publish per transaction, so a flood outpaces the writer on any machine.
                "switchboard.publish.max-batch", "1",
                // The flooder reads its replies in bursts; it must not be closed as a slow consumer.
                "switchboard.outbound.max-bytes", String.valueOf(64 << 20)));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void aConnectionThatKeepsItsRequestLaneFullDoesNotHoldUpAnotherConnectionsPublish() throws Exception {
        try (WsClient victim = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            timeToAck(victim, "quiet.lane", "warm-up");
            flood(HISTORY_WINDOW, n -> "{\"type\":\"history\",\"channel\":\"busy.lane\",\"limit\":1,\"id\":\"h" + n + "\"}", () -> {
                for (int i = 1; i <= 3; i++) {
                    expectAckedWithinBound(victim, "quiet.lane", "q" + i);
                }
            });
        }
    }

    @Test
    void aChannelWhosePublishersNeverPauseDoesNotHoldUpAPublishToAnotherChannel() throws Exception {
        try (WsClient victim = WsClient.connect(ws, Login.shared(ws, "bob"))) {
            timeToAck(victim, "quiet.writer", "warm-up");
            flood(PUBLISH_WINDOW, n -> "{\"type\":\"publish\",\"channel\":\"busy.writer\",\"data\":" + n + "}", () -> {
                for (int i = 1; i <= 3; i++) {
                    expectAckedWithinBound(victim, "quiet.writer", "q" + i);
                }
            });
        }
    }

    private static void expectAckedWithinBound(WsClient client, String channel, String id) {
        assertThat(timeToAck(client, channel, id)).as("time until %s was acked, during the flood", id).isLessThan(BOUND);
    }

    private static Duration timeToAck(WsClient client, String channel, String id) {
        long start = System.nanoTime();
        client.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"" + id + "\",\"id\":\"" + id + "\"}");
        JsonObject ack;
        try {
            ack = client.expect("ack");
        } catch (AssertionError notAcked) {
            throw new AssertionError(id + " was not acked while the flood went on", notAcked);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ack.getString("id")).isEqualTo(id);
        return took;
    }

    /**
     * Runs {@code during} while alice's connection sends {@code frame(n)} non-stop, keeping
     * {@code window} of them unanswered; the flood is under way (a full window sent and replies
     * coming) before {@code during} starts, and it ends, with its replies read, afterwards.
     */
    private void flood(int window, IntFunction<String> frame, ThrowingRunnable during) throws Exception {
        // A client container of its own (an open read gate), so reading the flood's replies never
        // holds up the victim's frames on this side.
        WsClient flooder = WsClient.connect(ws, Login.shared(ws, "alice"), List.of(WsClient.V1), List.of(),
                new CountDownLatch(0));
        Flood flood = new Flood(flooder, window, frame);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = thread.submit(flood);
            await().atMost(Duration.ofSeconds(30)).until(() -> running.isDone() || flood.replies >= 100);
            assertGoingOn(running, "the flood ended before it was under way");
            during.run();
            assertGoingOn(running, "the flood ended too soon");
        } finally {
            flood.stop = true;
            thread.shutdown();
            // Its replies all read, the server has nothing of the flood left for the next test.
            boolean ended = thread.awaitTermination(60, TimeUnit.SECONDS);
            flooder.close();
            assertThat(ended).as("the flood ended").isTrue();
        }
    }

    private static void assertGoingOn(Future<?> flood, String otherwise) throws Exception {
        if (flood.isDone()) {
            flood.get();
            throw new AssertionError(otherwise);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Sends until stopped (or its frame or time budget is spent), then reads every reply. */
    private static final class Flood implements Runnable {

        private final WsClient client;
        private final int window;
        private final IntFunction<String> frame;
        volatile boolean stop;
        volatile int sent;
        volatile int replies;

        Flood(WsClient client, int window, IntFunction<String> frame) {
            this.client = client;
            this.window = window;
            this.frame = frame;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + FLOOD_MAX_TIME.toNanos();
            while (!stop && sent < FLOOD_MAX_FRAMES && System.nanoTime() < deadline) {
                if (sent - replies < window) {
                    client.send(frame.apply(sent));
                    sent++;
                } else {
                    // Every request is answered by exactly one frame (an answer, an ack or an error).
                    client.next();
                    replies++;
                }
            }
            while (replies < sent) {
                client.next();
                replies++;
            }
        }
    }
}
