package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.testing.MicroServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard bench} (client/cli/target/switchboard.jar, built here when missing or older
 * than its sources) against a real server: each mode at tiny sizes completes, checked, with exit
 * status 0 and the JSON a script would read; a refused login exits 4.
 */
class BenchSmokeIT {

    private static final Path JAR = Path.of("client", "cli", "target", "switchboard.jar");
    private static final long RUN_SECONDS = 120;
    private static MicroServer server;

    @BeforeAll
    static void buildAndStart() throws Exception {
        buildJarIfStale();
        server = MicroServer.start("bench-smoke", Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fanoutDeliversEveryMessageToEverySubscriber() throws Exception {
        Run run = bench("fanout", "--subscribers", "20", "--messages", "30", "--size", "100", "--window", "8");
        JsonObject result = run.json();
        assertThat(result.getString("mode")).isEqualTo("fanout");
        assertThat(result.getJsonNumber("deliveries").longValue()).isEqualTo(20 * 30);
        assertThat(result.getJsonNumber("acks").longValue()).isEqualTo(30);
        assertThat(result.getJsonNumber("violations").longValue()).isZero();
        assertThat(result.getJsonNumber("short").longValue()).isZero();
        assertThat(result.getJsonNumber("ack_p99_us").longValue()).isPositive();
        assertThat(result.getJsonArray("delivery_p50_us")).hasSize(1);
        assertThat(result.getJsonNumber("deliveries_per_s").doubleValue()).isPositive();
    }

    @Test
    void publishStoresAndDeliversEveryMessageOnceInOrder() throws Exception {
        Run run = bench("publish", "--publishers", "2", "--messages", "50", "--window", "8", "--subscribers", "2",
                "--channel", "bench.smoke");
        JsonObject result = run.json();
        assertThat(result.getJsonNumber("acks").longValue()).isEqualTo(100);
        assertThat(result.getJsonNumber("deliveries").longValue()).isEqualTo(200);
        assertThat(result.getJsonNumber("last_seq").longValue() - result.getJsonNumber("first_seq").longValue())
                .isEqualTo(99);
        assertThat(result.getJsonNumber("violations").longValue()).isZero();
        assertThat(result.getJsonNumber("error_frames").longValue()).isZero();
        assertThat(result.getJsonObject("error_codes")).isEmpty();
    }

    @Test
    void idleOpensEveryConnection() throws Exception {
        Run run = bench("idle", "--connections", "20", "--parallel", "5");
        JsonObject result = run.json();
        assertThat(result.getJsonNumber("opened").longValue()).isEqualTo(20);
        assertThat(result.getJsonNumber("failed").longValue()).isZero();
        assertThat(run.err).contains("opened 20 idle connections");
    }

    @Test
    void echoPrintsProgressOnStderrAndTheResultLineWithoutJson() throws Exception {
        Run run = run(List.of("bench", "echo", "--url", server.wsUri().toString(), "--connections", "5",
                "--seconds", "2", "--warmup", "1", "--timeout", "60s"));
        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.out).contains("echo: 5 of 5 connected");
        String line = run.out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line in " + run));
        assertThat(line).startsWith("RESULT mode=echo client=jdk encoding=json connections=5 ").contains(" complete=true")
                .containsPattern(" round_trips=[1-9][0-9]* ").containsPattern(" p99_us=[1-9][0-9]* ");
        assertThat(run.err).containsPattern("(?m)^bench echo [0-9]+s: (warming up|measuring|stopping), ");
    }

    @Test
    void aRefusedLoginExitsFour() throws Exception {
        Run run = run(List.of("bench", "echo", "--url", server.wsUri().toString(), "--password", "wrong",
                "--connections", "1", "--seconds", "1"));
        assertThat(run.exit).as(run.toString()).isEqualTo(4);
        assertThat(run.err).contains("switchboard: cannot log in at " + server.wsUri());
        assertThat(run.out).doesNotContain("RESULT");
    }

    /** One JSON run of a mode against the server: exit 0, complete, and stdout nothing but the object. */
    private static Run bench(String mode, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("bench", mode, "--url", server.wsUri().toString(), "--json",
                "--timeout", "60s"));
        args.addAll(List.of(options));
        Run run = run(args);
        assertThat(run.exit).as(run.toString()).isZero();
        JsonObject result = run.json();
        assertThat(result.get("complete")).as(run.toString()).isEqualTo(JsonValue.TRUE);
        assertThat(result.getString("outcome")).isEqualTo("complete");
        assertThat(result.getInt("exit_code")).isZero();
        assertThat(result.getJsonNumber("seconds").doubleValue()).isPositive();
        return run;
    }

    private static Run run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                JAR.toString()));
        command.addAll(args);
        Path dir = Files.createDirectories(Path.of("target", "bench-smoke-it"));
        Path out = Files.createTempFile(dir, args.get(1), ".out");
        Path err = Files.createTempFile(dir, args.get(1), ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("%s did not finish in %d s:%n%s%n%s", args, RUN_SECONDS, Files.readString(out), Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
        /** stdout, which with --json holds one JSON object on one line and nothing else. */
        JsonObject json() {
            assertThat(out.strip().lines().count()).as(toString()).isEqualTo(1);
            return Json.createReader(new StringReader(out)).readObject();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Builds the jar as bench/run.sh does: when it is missing or older than the CLI's sources. */
    private static void buildJarIfStale() throws IOException, InterruptedException {
        if (Files.exists(JAR) && !newerThanJar(Path.of("client", "cli", "src", "main"), Path.of("client", "cli", "pom.xml"),
                Path.of("client", "pom.xml"))) {
            return;
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("bench-smoke-it-build.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", "client/pom.xml", "package", "-DskipTests")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!mvn.waitFor(10, TimeUnit.MINUTES)) {
            mvn.destroyForcibly();
            fail("building %s (mvn -B -q -f client/pom.xml package -DskipTests) took over 10 minutes", JAR);
        }
        if (mvn.exitValue() != 0 || !Files.exists(JAR)) {
            fail("%s is missing and `mvn -B -q -f client/pom.xml package -DskipTests` failed (exit %d):%n%s", JAR,
                    mvn.exitValue(), Files.readString(log));
        }
    }

    private static boolean newerThanJar(Path... sources) throws IOException {
        long jar = Files.getLastModifiedTime(JAR).toMillis();
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source)) {
                if (files.filter(Files::isRegularFile).anyMatch(f -> {
                    try {
                        return Files.getLastModifiedTime(f).toMillis() > jar;
                    } catch (IOException e) {
                        return true;
                    }
                })) {
                    return true;
                }
            }
        }
        return false;
    }
}
