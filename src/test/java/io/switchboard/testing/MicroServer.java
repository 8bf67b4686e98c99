package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process running the built WAR, for tests that must stop the server themselves.
 * Started the way the README starts it: no clustering, HTTP on 127.0.0.1 only.
 */
public final class MicroServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private MicroServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MicroServer start(String name, Map<String, String> settings) throws IOException {
        int port = freePort();
        Path log = Path.of("target", name + "-micro.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        Map<String, String> all = Deployments.testDefaults(name);
        all.putAll(settings);
        all.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--nocluster", "--disablephonehome",
                "--prebootcommandfile", System.getProperty("switchboard.preboot", "server-config/loopback.asadmin"),
                "--contextroot", "/", "--port", String.valueOf(port),
                "--deploy", System.getProperty("switchboard.war", "target/switchboard.war")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        MicroServer server = new MicroServer(process, port, log);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> !process.isAlive() || server.logContains("ready in"));
        if (!process.isAlive()) {
            throw new IllegalStateException("Payara Micro exited; see " + log);
        }
        return server;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public int port() {
        return port;
    }

    /** Stops the server the way an operator's SIGTERM would; returns at once. */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean logContains(String text) throws IOException {
        return Files.exists(log) && Files.readString(log).contains(text);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
