package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Payara Micro process running the built WAR, for tests that must stop the server themselves.
 * {@link #start} starts it the way the README starts it: no clustering, HTTP on 127.0.0.1 only.
 * {@link #launch} starts it as a member of a loopback cluster instead (see {@link MicroCluster}).
 */
public final class MicroServer implements AutoCloseable {

    /** The line Payara Micro logs when the server, and the WAR deployed with it, is up. */
    public static final String READY = "ready in";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Pattern GRID_SIZE = Pattern.compile("DG Size: (\\d+)");

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private MicroServer(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server with {@code --nohazelcast} and waits until it is ready. */
    public static MicroServer start(String name, Map<String, String> settings) throws IOException {
        return launch(name).settings(settings).heap("512m").start().awaitReady();
    }

    /** Describes a server to start; nothing runs before {@link Launch#start()}. */
    public static Launch launch(String name) {
        return new Launch(name);
    }

    /** What to start: settings on top of {@link Deployments#testDefaults}, a cluster to join, which WAR. */
    public static final class Launch {
        private final String name;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String heap = "384m";
        private Path war = Path.of(System.getProperty("switchboard.war", "target/switchboard.war"));
        private MicroCluster.Layout cluster;
        private int member;
        private int port;
        private Path preboot;
        private final List<String> options = new ArrayList<>();

        private Launch(String name) {
            this.name = name;
        }

        public Launch settings(Map<String, String> more) {
            settings.putAll(more);
            return this;
        }

        public Launch heap(String maxHeap) {
            heap = maxHeap;
            return this;
        }

        public Launch war(Path file) {
            war = file;
            return this;
        }

        /** Adds Payara Micro options after the usual ones, e.g. {@code --logproperties FILE}. */
        public Launch options(String... more) {
            options.addAll(List.of(more));
            return this;
        }

        /** Boots with the pre-boot commands in {@code file} rather than {@code server-config/loopback.asadmin}. */
        public Launch preboot(Path file) {
            preboot = file;
            return this;
        }

        /** Serves HTTP on {@code httpPort} rather than on a free port picked at start. */
        public Launch port(int httpPort) {
            port = httpPort;
            return this;
        }

        /** Joins member number {@code member} (from 0) of {@code layout} instead of running without a data grid. */
        public Launch clustered(MicroCluster.Layout layout, int member) {
            cluster = layout;
            this.member = member;
            return this;
        }

        /** Starts the process and returns at once; see {@link #awaitReady()} and {@link #awaitLog}. */
        public MicroServer start() throws IOException {
            int port = this.port > 0 ? this.port : freePort();
            Path log = Path.of("target", name + "-micro.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
            Map<String, String> all = Deployments.testDefaults(name);
            all.putAll(settings);
            // Payara runs its data grid even with --nocluster, and the grid phones home at start
            all.put("hazelcast.phone.home.enabled", "false");
            if (cluster != null) {
                // else the grid port listens on every interface, whatever --interfaces says
                all.put("hazelcast.socket.bind.any", "false");
                // else the grid's own shutdown hook leaves the cluster at SIGTERM while the
                // application is still draining, and nothing it sends then reaches the others
                all.put("hazelcast.shutdownhook.enabled", "false");
            }
            all.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar")));
            if (cluster == null) {
                // No data grid at all: with --nocluster alone it still listens on every interface.
                command.add("--nohazelcast");
            } else {
                command.addAll(cluster.options(member));
            }
            command.addAll(List.of("--disablephonehome",
                    "--prebootcommandfile", cluster == null
                            ? preboot != null ? preboot.toString()
                                    : System.getProperty("switchboard.preboot", "server-config/loopback.asadmin")
                            // sessions replicated through the grid, unlike an instance alone
                            : "server-config/loopback-cluster.asadmin",
                    // the pre-boot file installs the idle-timer scheduler from this jar
                    "--addlibs", System.getProperty("switchboard.idleTimersJar", "target/switchboard-idle-timers.jar"),
                    "--contextroot", "/", "--port", String.valueOf(port),
                    "--deploy", war.toString()));
            command.addAll(options);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new MicroServer(name, process, port, log);
        }
    }

    /** Waits until the server logs {@link #READY}; fails when it exits first or takes over two minutes. */
    public MicroServer awaitReady() throws IOException {
        return awaitReady(BOOT);
    }

    /** Waits until the server logs {@link #READY}; fails when it exits first or takes longer than {@code limit}. */
    public MicroServer awaitReady(Duration limit) throws IOException {
        if (!awaitLog(READY, limit)) {
            if (process.isAlive()) {
                close();
                throw new IllegalStateException("Payara Micro " + name + " not ready within " + limit + "; see " + log);
            }
            throw new IllegalStateException("Payara Micro " + name + " exited; see " + log);
        }
        return this;
    }

    /**
     * Waits until the log contains {@code text}: true when it does, false when the process exited
     * without logging it or {@code limit} passed.
     */
    public boolean awaitLog(String text, Duration limit) throws IOException {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250))
                    .until(() -> logContains(text) || !process.isAlive());
        } catch (ConditionTimeoutException late) {
            return false;
        }
        return logContains(text);
    }

    /**
     * Waits until this member's data grid has {@code size} members, as the grid logs it after each
     * change; fails after {@code limit}.
     */
    public void awaitGridSize(int size, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(250))
                .until(() -> gridSize() == size);
    }

    /** The member count of the last membership change this member logged; 0 before any. */
    public int gridSize() throws IOException {
        Matcher m = GRID_SIZE.matcher(log());
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    public String name() {
        return name;
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** {@code http://127.0.0.1:port/}. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server the way an operator's SIGTERM would; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Kills the server the way {@code kill -9} does (no shutdown hooks, no goodbye to the cluster). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean logContains(String text) throws IOException {
        return log().contains(text);
    }

    /** Everything the server has logged so far. */
    public String log() throws IOException {
        // bytes, not readString: the server may be in the middle of writing a multi-byte character
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
