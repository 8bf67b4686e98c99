package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.testing.Deployments;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keeps bench/compare.sh working: its smoke sizes against the deployed server and the reference
 * Node hub it starts itself, every row of the table filled in for both (README "Benchmark").
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CompareSmokeIT {

    private static final long RUN_SECONDS = 90;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // What compare.sh gives a server it starts: bench.eph.* ephemeral for the ephemeral row.
        return Deployments.war("compare-smoke", Map.of(
                "switchboard.channel-policies",
                "bench.eph.*:durable=false;*:durable=true,max-messages=1000,max-age=24h,presence=true"));
    }

    @ArquillianResource
    URL base;

    @Test
    void smokeComparisonFillsEveryRowForBothServers() throws Exception {
        String path = base.getPath().replaceAll("/+$", "");
        List<String> command = new ArrayList<>(List.of("bash", "bench/compare.sh", "--smoke", "--warmup", "1",
                "--switchboard-url", "http://127.0.0.1:" + base.getPort() + path, "--out", "target/compare-smoke-it"));
        serverPid().ifPresent(pid -> command.addAll(List.of("--switchboard-pid", Long.toString(pid))));
        Path output = Files.createDirectories(Path.of("target")).resolve("compare-smoke-it.txt");
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!run.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            fail("compare.sh --smoke did not finish in %d s:%n%s", RUN_SECONDS, Files.readString(output));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(printed).isZero();

        assertThat(printed).contains("Warm-up before each measured span: 1 s in echo, 1 s in latency");
        Map<String, String[]> rows = table(printed);
        // Throughput, latency and timing: a positive figure from each server.
        for (String row : List.of("echo: 20 connections", "echo: round trip p50", "echo: round trip p99",
                "fan-out:", "latency: 50 publishes/s", "latency: p99", "opened 200 at a time: seconds")) {
            String[] cells = row(rows, row, printed);
            assertThat(figure(cells[0])).as("Node hub, %s%n%s", row, printed).isPositive();
            assertThat(figure(cells[1])).as("Switchboard, %s%n%s", row, printed).isPositive();
        }
        // Switchboard only.
        for (String row : List.of("latency, ephemeral channel: p50", "latency, ephemeral channel: p99",
                "stored publishes/s")) {
            String[] cells = row(rows, row, printed);
            assertThat(cells[0]).as("Node hub, %s", row).isEqualTo("n/a");
            assertThat(figure(cells[1])).as("Switchboard, %s%n%s", row, printed).isPositive();
        }
        // Over 20 connections memory per connection is within noise and the CPU of opening them may
        // be below the clock tick: a figure, but not necessarily a positive one.
        for (String row : List.of("server RSS growth per connection", "live heap per connection",
                "opened 200 at a time: server CPU")) {
            String[] cells = row(rows, row, printed);
            assertThat(cells[0]).as("Node hub, %s", row).matches("-?[0-9.]+");
            assertThat(cells[1]).as("Switchboard, %s", row).matches("-?[0-9.]+");
        }
    }

    /** The table's rows: label -> {Node ws hub, Switchboard}. */
    private static Map<String, String[]> table(String printed) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : printed.split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| ") && cells.length == 5 && !line.startsWith("| workload") && !line.startsWith("| ---")) {
                rows.put(cells[1].trim(), new String[] {cells[2].trim(), cells[3].trim()});
            }
        }
        return rows;
    }

    private static String[] row(Map<String, String[]> rows, String containing, String printed) {
        return rows.entrySet().stream().filter(e -> e.getKey().contains(containing)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no row with " + containing + " in\n" + printed));
    }

    private static double figure(String cell) {
        assertThat(cell).matches("-?[0-9.]+");
        return Double.parseDouble(cell);
    }

    /** The process id of the Payara Micro this test's deployment runs in: the one Arquillian started. */
    private static Optional<Long> serverPid() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .max(Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)))
                .map(ProcessHandle::pid);
    }
}
