package io.switchboard.client;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard server for the client's integration tests: Payara Micro started as a process from
 * the root build's artifacts, the way the README starts it (no data grid, HTTP on 127.0.0.1 only),
 * with the demo users on, on a free port, its data in {@code target/}. {@link #stop()} and
 * {@link #start()} again keep the port and the data.
 */
public final class HubProcess implements AutoCloseable {

    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path root;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final Map<String, String> settings;
    private Process process;
    private int starts;

    private HubProcess(String name, Path root, int port, Path dataDir, Map<String, String> settings) {
        this.name = name;
        this.root = root;
        this.port = port;
        this.dataDir = dataDir;
        this.log = Path.of("target", name + "-micro.log").toAbsolutePath();
        this.settings = Map.copyOf(settings);
    }

    /** Starts a server and waits until {@code /health/ready} answers 200. */
    public static HubProcess start(String name) throws IOException {
        return start(name, Map.of());
    }

    /**
     * Starts a server with {@code settings} (README, "Configuration": {@code switchboard.rate.burst}
     * to {@code 5}, say) as system properties, kept across {@link #stop()} and {@link #start()}.
     */
    public static HubProcess start(String name, Map<String, String> settings) throws IOException {
        Path root = Path.of(System.getProperty("switchboard.root", "../..")).toAbsolutePath().normalize();
        List<String> missing = new ArrayList<>();
        for (String artifact : List.of("target/payara-micro.jar", "target/switchboard.war",
                "target/switchboard-idle-timers.jar", "server-config/loopback.asadmin")) {
            if (!Files.isRegularFile(root.resolve(artifact))) {
                missing.add(root.resolve(artifact).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the server's artifacts are missing (" + String.join(", ", missing)
                    + "): run mvn -B package -DskipTests in the root first");
        }
        Path dataDir = Path.of("target", "it-data", name + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dataDir);
        HubProcess hub = new HubProcess(name, root, freePort(), dataDir, settings);
        hub.start();
        return hub;
    }

    /** Starts (again) on the same port with the same data directory; waits until ready. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dswitchboard.demo-users=true",
                "-Dswitchboard.data-dir=" + dataDir,
                // tests log in over and over; the production hash cost would only slow them down
                "-Dswitchboard.password.iterations=1000",
                "-Dswitchboard.login.max-per-address-per-minute=1000000",
                "-Dhazelcast.phone.home.enabled=false"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", root.resolve("target/payara-micro.jar").toString(),
                "--nohazelcast", "--disablephonehome",
                "--prebootcommandfile", root.resolve("server-config/loopback.asadmin").toString(),
                "--addlibs", root.resolve("target/switchboard-idle-timers.jar").toString(),
                "--contextroot", "/", "--port", String.valueOf(port),
                "--deploy", root.resolve("target/switchboard.war").toString()));
        ProcessBuilder.Redirect output = starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile())
                : ProcessBuilder.Redirect.appendTo(log.toFile());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        Process started = process;
        await("server " + name + " ready (log " + log + ")").atMost(BOOT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("server " + name + " exited during start-up; see " + log);
                    }
                    return ready();
                });
    }

    /** Stops the server as an operator's SIGTERM does, and waits until it has exited. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Suspends the server's process (SIGSTOP): connections stay open and nothing answers. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Resumes a frozen server (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base().resolve("health/ready")).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
