package io.switchboard.cli.bench;

import io.switchboard.cli.DurationConverter;
import io.switchboard.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class BenchOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = Main.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void fanoutHasTheGeneratorsDefaults() {
        FanoutCommand fanout = parsed(FanoutCommand.class, "bench", "fanout");
        assertThat(fanout.subscribers).isEqualTo(1000);
        assertThat(fanout.messages).isEqualTo(500);
        assertThat(fanout.size).isEqualTo(100);
        assertThat(fanout.window).isEqualTo(32);
        assertThat(fanout.channel).isNull();
        assertThat(fanout.serverPids).isEmpty();
        assertThat(fanout.target.url).isEqualTo("ws://127.0.0.1:8080/ws");
        assertThat(fanout.target.user).isEqualTo("alice");
        assertThat(fanout.target.password).isEqualTo("demo");
        assertThat(fanout.target.timeout).isEqualTo(Duration.ofSeconds(120));
        assertThat(fanout.clientOptions.client).isEqualTo(ClientKind.JDK);
        assertThat(fanout.clientOptions.threads).isEqualTo(2);
        assertThat(fanout.clientOptions.connectConcurrency).isEqualTo(32);
        assertThat(fanout.output.json).isFalse();
        assertThat(fanout.output.progress()).isTrue();
        assertThat(fanout.encoding).isEqualTo(WireEncoding.JSON);
        assertThat(parsed(FanoutCommand.class, "bench", "fanout", "--encoding", "msgpack").encoding)
                .isEqualTo(WireEncoding.MSGPACK);
        assertThat(parsed(EchoCommand.class, "bench", "echo").encoding).isEqualTo(WireEncoding.JSON);
        assertThat(parsed(EchoCommand.class, "bench", "echo", "--encoding", "msgpack").encoding)
                .isEqualTo(WireEncoding.MSGPACK);
    }

    @Test
    void echoPublishAndIdleHaveTheGeneratorsDefaults() {
        EchoCommand echo = parsed(EchoCommand.class, "bench", "echo");
        assertThat(echo.connections).isEqualTo(100);
        assertThat(echo.seconds).isEqualTo(Duration.ofSeconds(20));
        assertThat(echo.warmup).isEqualTo(Duration.ofSeconds(3));
        assertThat(echo.size).isEqualTo(32);

        PublishCommand publish = parsed(PublishCommand.class, "bench", "publish");
        assertThat(publish.publishers).isEqualTo(4);
        assertThat(publish.messages).isEqualTo(5000);
        assertThat(publish.size).isEqualTo(100);
        assertThat(publish.window).isEqualTo(64);
        assertThat(publish.subscribers).isEqualTo(1);
        assertThat(publish.channel).isEqualTo("bench.publish");

        IdleCommand idle = parsed(IdleCommand.class, "bench", "idle");
        assertThat(idle.connections).isEqualTo(10000);
        assertThat(idle.parallel).isEqualTo(200);
        assertThat(idle.holdUntil).isNull();
        assertThat(idle.holdSeconds).isEqualTo(600);
    }

    @Test
    void optionsParseInTheScriptsSpaceSeparatedForm() {
        FanoutCommand fanout = parsed(FanoutCommand.class, "bench", "fanout", "--subscribers", "50", "--messages", "60",
                "--size", "2048", "--window", "8", "--client", "tyrus", "--server-pids", "12,34", "--timeout", "90s",
                "--url", "ws://127.0.0.1:8080/ws,ws://127.0.0.1:8081/ws", "--json", "--no-progress");
        assertThat(fanout.subscribers).isEqualTo(50);
        assertThat(fanout.messages).isEqualTo(60);
        assertThat(fanout.size).isEqualTo(2048);
        assertThat(fanout.window).isEqualTo(8);
        assertThat(fanout.clientOptions.client).isEqualTo(ClientKind.TYRUS);
        assertThat(fanout.serverPids).containsExactly(12L, 34L);
        assertThat(fanout.target.timeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(fanout.target.urls(true)).hasSize(2);
        assertThat(fanout.output.json).isTrue();
        assertThat(fanout.output.progress()).isFalse();

        EchoCommand echo = parsed(EchoCommand.class, "bench", "echo", "--seconds", "15", "--warmup", "500ms");
        assertThat(echo.seconds).isEqualTo(Duration.ofSeconds(15));
        assertThat(echo.warmup).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void durationsAreMillisecondsSecondsMinutesOrBareSeconds() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void valuesOutOfBoundsAreUsageErrorsNamingTheOptionAndItsRange() {
        List<List<String>> cases = List.of(
                List.of("fanout", "--subscribers", "0", "--subscribers must be between 1 and 20000, not 0"),
                List.of("fanout", "--subscribers", "20001", "--subscribers must be between 1 and 20000"),
                List.of("fanout", "--size", "1", "--size must be between 2 and 60000"),
                List.of("fanout", "--window", "100001", "--window must be between 1 and 100000"),
                List.of("fanout", "--channel", "no spaces", "--channel must match"),
                List.of("fanout", "--server-pids", "0", "--server-pids must be process ids"),
                List.of("fanout", "--threads", "65", "--threads must be between 1 and 64"),
                List.of("fanout", "--connect-concurrency", "0", "--connect-concurrency must be between 1 and 1000"),
                List.of("echo", "--connections", "10001", "--connections must be between 1 and 10000"),
                List.of("echo", "--seconds", "0", "--seconds must be positive"),
                List.of("echo", "--warmup", "11m", "--warmup must be at least 0 and at most 600s"),
                List.of("echo", "--timeout", "2h", "--timeout must be positive and at most 3600s"),
                List.of("echo", "--seconds", "soon", "'soon' is not a duration"),
                List.of("echo", "--client", "netty", "--client"),
                List.of("publish", "--size", "9", "--size must be between 10 and 60000"),
                List.of("publish", "--subscribers", "1001", "--subscribers must be between 0 and 1000"),
                List.of("publish", "--publishers", "1000", "--messages", "10001",
                        "--publishers times --messages must be at most 10000000"),
                List.of("idle", "--connections", "100001", "--connections must be between 1 and 100000"),
                List.of("idle", "--hold-seconds", "3601", "--hold-seconds must be between 0 and 3600"),
                List.of("idle", "--parallel", "0", "--parallel must be between 1 and 10000"));
        for (List<String> c : cases) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            List<String> args = new java.util.ArrayList<>(List.of("bench"));
            args.addAll(c.subList(0, c.size() - 1));
            int exit = run(args.toArray(String[]::new));
            assertThat(exit).as("%s: %s", args, err).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).as("%s", args).contains(c.get(c.size() - 1));
            assertThat(out.toString()).as("%s", args).doesNotContain("RESULT");
        }
    }

    @Test
    void onlyLoopbackWebSocketUrlsWithAPortAreAccepted() {
        for (String url : List.of("ws://localhost:8080/ws", "ws://10.0.0.1:8080/ws", "http://127.0.0.1:8080/ws",
                "wss://127.0.0.1:8443/ws", "ws://127.0.0.1/ws")) {
            err.getBuffer().setLength(0);
            assertThat(run("bench", "echo", "--url", url)).as(url).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--url must be ws://127.0.0.1:PORT/...");
        }
    }

    @Test
    void severalUrlsAreForFanoutOnly() {
        String two = "ws://127.0.0.1:8080/ws,ws://127.0.0.1:8081/ws";
        for (String mode : List.of("echo", "publish", "idle")) {
            err.getBuffer().setLength(0);
            assertThat(run("bench", mode, "--url", two)).as(mode).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("several --url only in fanout");
        }
    }

    @Test
    void unknownOptionsAndAMissingModeAreUsageErrors() {
        assertThat(run("bench", "echo", "--conections", "5")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option", "--connections");
        assertThat(run("bench")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing required subcommand");
        assertThat(run("bench", "flood")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpListsTheModesAndExitsZero() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("fanout", "echo", "publish", "idle", "Exit status");
        out.getBuffer().setLength(0);
        assertThat(run("bench", "publish", "--help")).isZero();
        assertThat(out.toString()).contains("--publishers", "--window", "--json", "--no-progress");
    }

    @Test
    void aServerThatDoesNotAnswerMeansTheRunCouldNotStart() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        for (String mode : List.of("fanout", "echo", "publish", "idle")) {
            err.getBuffer().setLength(0);
            assertThat(run("bench", mode, "--url", "ws://127.0.0.1:" + port + "/ws", "--no-progress"))
                    .as(mode).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString()).contains("switchboard: cannot log in at ws://127.0.0.1:" + port + "/ws");
        }
    }
}
