package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.testing.CuttableProxy;
import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example clients in examples/ (README "Clients") against a real server: what they print is
 * what the protocol promises (every message once, in order, across a dropped connection), their
 * publishes are stored once, and a kick ends them for good. Fails, rather than skips, when Node or
 * Python's websockets package is missing.
 */
class ExamplesIT {

    private static final Path NODE_DIR = Path.of("examples", "node");
    private static final int EXIT_CLOSED = 3;

    private static MicroServer server;
    private static URI http;

    @BeforeAll
    static void startServerWithTheExamplesReady() throws Exception {
        run(List.of("node", "--version"), "Node.js 18+ (Debian: nodejs and npm) is needed to run examples/node");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("ws"))) {
            run(List.of("npm", "ci", "--prefix", NODE_DIR.toString(), "--no-audit", "--no-fund"),
                    "npm ci --prefix examples/node failed (npm and the npm registry are needed once)");
        }
        run(List.of(Example.PYTHON.interpreter(), "-c", "import websockets"),
                "Python 3 with the websockets package (Debian: python3-websockets) is needed to run examples/python");
        server = MicroServer.start("examples", Map.of());
        http = server.httpUri();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void printsEveryMessageOnceInOrderAcrossADroppedConnectionAndPublishesEachLineOnce(Example example) throws Exception {
        String ch = "examples-" + example.name().toLowerCase() + "-" + System.nanoTime();
        Login.Credentials bob = Login.fresh(http, "bob", Login.DEMO_PASSWORD);
        List<String> own = List.of("own-1", "own-2", "own-3");
        try (CuttableProxy proxy = CuttableProxy.to(server.port());
             ExampleRun run = ExampleRun.start(example, "http://127.0.0.1:" + proxy.port(), "alice", Login.DEMO_PASSWORD, ch)) {
            JsonObject first = awaitSubscribed(run, ch, 1);
            assertThat(first.getJsonNumber("seq").longValue()).isZero();
            assertThat(first.containsKey("recovered")).as("a first subscribe carries no since").isFalse();

            for (int i = 1; i <= 5; i++) {
                publish(ch, "bob-" + i, bob);
            }
            run.input(own.get(0));
            run.input(own.get(1));
            run.await("seq 7", seq(ch, 7));
            run.awaitUntil("two acks", printed -> acks(printed).size() == 2);

            // The connection drops: what is published meanwhile comes back by recovery, and a line
            // given while disconnected is published after the reconnect.
            proxy.cut();
            for (int i = 6; i <= 9; i++) {
                publish(ch, "bob-" + i, bob);
            }
            run.input(own.get(2));
            proxy.reopen();
            JsonObject resumed = awaitSubscribed(run, ch, 2);
            assertThat(resumed.get("recovered")).as("resubscribed with since: %s", resumed).isEqualTo(JsonValue.TRUE);
            assertThat(resumed.getString("epoch")).isEqualTo(first.getString("epoch"));
            long live = publish(ch, "bob-10", bob);
            run.await("the live message after the drop", seq(ch, live));
            run.awaitUntil("three acks", printed -> acks(printed).size() == 3);

            // A reset while disconnected: the gap cannot be recovered, and the example says so.
            proxy.cut();
            JsonObject reset = Json.createReader(new StringReader(
                    Login.post(http, "/api/channels/" + ch + "/reset", "{}", Login.fresh(http, "admin", Login.DEMO_PASSWORD)).body()))
                    .readObject();
            proxy.reopen();
            JsonObject lost = awaitSubscribed(run, ch, 3);
            assertThat(lost.get("recovered")).as(lost.toString()).isEqualTo(JsonValue.FALSE);
            assertThat(lost.getString("epoch")).isEqualTo(reset.getString("epoch")).isNotEqualTo(first.getString("epoch"));
            assertThat(run.stderr()).contains("could not recover");
            long afterReset = publish(ch, "bob-11", bob);
            run.await("the message after the reset", seq(ch, afterReset));

            run.endInput();
            assertThat(run.awaitExit()).as("exit status once stdin ended and every publish was acked\n%s", run).isZero();

            assertThat(channelSeqs(run, ch)).as("every seq exactly once, in order\n%s", run)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, afterReset).boxed().toList());
            assertThat(proxy.accepted()).as("connections (login and WebSocket) through the proxy").isGreaterThanOrEqualTo(3);
            for (String text : own) {
                assertThat(run.printed().stream().filter(o -> isMessage(o, ch) && text.equals(text(o))))
                        .as("%s delivered once, from alice", text).singleElement()
                        .satisfies(o -> assertThat(o.getString("from")).isEqualTo("alice"));
            }
            assertThat(acks(run.printed())).as("one ack for each line, by id").hasSize(3)
                    .allSatisfy(id -> assertThat(id).isNotBlank());
        }
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void stopsWithoutReconnectingWhenKicked(Example example) throws Exception {
        String ch = "examples-kick-" + example.name().toLowerCase() + "-" + System.nanoTime();
        try (ExampleRun run = ExampleRun.start(example, http.toString(), "alice", Login.DEMO_PASSWORD, ch)) {
            awaitSubscribed(run, ch, 1);

            HttpResponse<String> kick = Login.post(http, "/api/admin/users/alice/kick", "",
                    Login.fresh(http, "mod", Login.DEMO_PASSWORD));
            assertThat(kick.statusCode()).as(kick.body()).isEqualTo(200);

            assertThat(run.awaitExit()).as("exit status after 4003\n%s", run).isEqualTo(EXIT_CLOSED);
            assertThat(run.stderr()).contains("4003").contains("not reconnecting");
            assertThat(subscribedFrames(run.printed(), ch)).as("subscribed once: no reconnect").hasSize(1);
        }
    }

    /** Publishes {@code text} to {@code ch} over the HTTP API as {@code as}; returns its seq. */
    private static long publish(String ch, String text, Login.Credentials as) {
        HttpResponse<String> r = Login.post(http, "/api/channels/" + ch + "/messages", "{\"data\":{\"text\":\"" + text + "\"}}", as);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.createReader(new StringReader(r.body())).readObject().getJsonNumber("seq").longValue();
    }

    /** Waits until the example printed its {@code n}th subscribed to {@code ch}; returns it. */
    private static JsonObject awaitSubscribed(ExampleRun run, String ch, int n) {
        run.awaitUntil("subscribed #" + n + " to " + ch, printed -> subscribedFrames(printed, ch).size() >= n);
        return subscribedFrames(run.printed(), ch).get(n - 1);
    }

    private static List<JsonObject> subscribedFrames(List<JsonObject> printed, String ch) {
        return printed.stream()
                .filter(o -> "subscribed".equals(o.getString("type", "")) && ch.equals(o.getString("channel", ""))).toList();
    }

    private static Predicate<JsonObject> seq(String ch, long seq) {
        return o -> isMessage(o, ch) && o.getJsonNumber("seq").longValue() == seq;
    }

    private static boolean isMessage(JsonObject o, String ch) {
        return ("message".equals(o.getString("type", "")) || "deleted".equals(o.getString("type", "")))
                && ch.equals(o.getString("channel", ""));
    }

    private static String text(JsonObject message) {
        return message.get("data") instanceof JsonObject data ? data.getString("text", null) : null;
    }

    private static List<Long> channelSeqs(ExampleRun run, String ch) {
        return run.printed().stream().filter(o -> isMessage(o, ch)).map(o -> o.getJsonNumber("seq").longValue()).toList();
    }

    /** The ids of the acks the example printed, one per id (a resend's duplicate ack counts once). */
    private static List<String> acks(List<JsonObject> printed) {
        return printed.stream().filter(o -> "ack".equals(o.getString("type", "")))
                .map(o -> o.getString("id", "")).distinct().toList();
    }

    /** Runs a setup command; fails the class with {@code why} and its output unless it exits 0. */
    private static void run(List<String> command, String why) throws IOException, InterruptedException {
        Path output = Files.createTempFile("examples-setup", ".txt");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException notFound) {
            fail("%s: %s", why, notFound.getMessage());
            return;
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("%s: %s did not finish in 300 s", why, command);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (p.exitValue() != 0) {
            fail("%s: %s exited with %d:%n%s", why, command, p.exitValue(), printed);
        }
    }
}
