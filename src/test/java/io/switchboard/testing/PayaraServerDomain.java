package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Payara Server domain of its own under {@code target/}, driven with {@code asadmin} the way an
 * operator drives one: created on a free port range, started with every listener on 127.0.0.1,
 * configured with remote commands, stopped and deleted at the end. Its server log and the output
 * of every {@code asadmin} call stay in {@code target/} for a failed run.
 */
public final class PayaraServerDomain implements AutoCloseable {

    /**
     * Ports {@code create-domain --portbase} takes above the base, from Payara's list of offsets,
     * then the data grid's: the domain administration server's and those of the instances.
     */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86, 90, 91, 92, 93};
    private static final int GRID_OFFSET = 90;
    /** How many instances the data grid's ports leave room for. */
    public static final int GRID_INSTANCES = 3;
    private static final Duration COMMAND = Duration.ofMinutes(5);
    private static final Pattern FAILED = Pattern.compile("(?m)^(Command \\S+ failed|remote failure)", Pattern.CASE_INSENSITIVE);

    private final Path home;
    private final Path domains;
    private final String name;
    private final int portBase;
    private final String adminPassword;
    private final Path passwordFile;
    private final Path transcript;
    private boolean running;

    private PayaraServerDomain(Path home, Path domains, String name, int portBase) throws IOException {
        this.home = home;
        this.domains = domains;
        this.name = name;
        this.portBase = portBase;
        Files.createDirectories(domains);
        this.adminPassword = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        this.passwordFile = domains.resolve(name + ".password");
        Files.writeString(passwordFile, "AS_ADMIN_PASSWORD=" + adminPassword + "\n");
        this.transcript = domains.resolve(name + "-asadmin.log");
    }

    /**
     * Creates domain {@code name} in {@code domains} with the Payara Server installed at
     * {@code home} (the directory holding {@code bin/asadmin}), on a range of free ports.
     */
    public static PayaraServerDomain create(Path home, Path domains, String name) throws IOException {
        PayaraServerDomain domain = new PayaraServerDomain(home.toAbsolutePath(), domains.toAbsolutePath(), name, freePortBase());
        domain.local("create-domain", "--portbase", String.valueOf(domain.portBase),
                "--checkports=true", "--domaindir", domain.domains.toString(), name);
        return domain;
    }

    /** Starts the domain administration server, running the pre-boot commands in {@code preboot} first. */
    public PayaraServerDomain start(Path preboot) {
        // set first: a start that fails half way still gets a stop-domain from close()
        running = true;
        local("start-domain", "--domaindir", domains.toString(),
                "--prebootcommandfile", preboot.toAbsolutePath().toString(), name);
        return this;
    }

    public PayaraServerDomain restart() {
        local("restart-domain", "--domaindir", domains.toString(), name);
        return this;
    }

    /** Runs one remote command on the domain administration server and returns what asadmin printed. */
    public String asadmin(String... command) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(adminPort())));
        args.addAll(List.of(command));
        return local(args.toArray(String[]::new));
    }

    /**
     * {@code asadmin get --monitor PATTERN} as dotted name to value, for names starting with
     * {@code prefix} ({@code server.} on the domain administration server, the instance's name and a
     * dot on an instance); empty when asadmin has no data to report.
     */
    public Map<String, String> monitor(String prefix, String pattern) {
        Map<String, String> values = new TreeMap<>();
        asadmin("get", "--monitor", pattern).lines()
                .filter(line -> line.startsWith(prefix))
                .forEach(line -> {
                    int eq = line.indexOf(" = ");
                    if (eq > 0) {
                        values.put(line.substring(0, eq), line.substring(eq + 3).trim());
                    }
                });
        return values;
    }

    /** Runs every command of an asadmin command file (one per line, {@code #} comments) in one asadmin session. */
    public String asadminFile(Path commands) {
        String output = asadmin("multimode", "--file", commands.toAbsolutePath().toString());
        // multimode goes on after a failed command, and may still exit 0
        if (FAILED.matcher(output).find()) {
            throw new IllegalStateException("asadmin multimode --file " + commands + ":\n" + output);
        }
        return output;
    }

    /** Sets JVM system properties of the server (the {@code switchboard.*} settings among them); they hold after a restart. */
    public String systemProperties(Map<String, String> properties) {
        return systemProperties("server", properties);
    }

    /** Sets JVM system properties of {@code target}: an instance, a deployment group or a configuration. */
    public String systemProperties(String target, Map<String, String> properties) {
        String list = properties.entrySet().stream()
                // asadmin separates properties with ':' and wants it, and '=', escaped inside a value
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\="))
                .collect(Collectors.joining(":"));
        return asadmin("create-system-properties", "--target", target, list);
    }

    /** The password of the domain's {@code admin} user, made up at creation. */
    public String adminPassword() {
        return adminPassword;
    }

    public int adminPort() {
        return portBase + 48;
    }

    /** The data grid port of the domain administration server; instances take the next {@link #GRID_INSTANCES}. */
    public int gridPort() {
        return portBase + GRID_OFFSET;
    }

    public int httpPort() {
        return portBase + 80;
    }

    /** {@code http://127.0.0.1:PORT/} of the server's HTTP listener. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + httpPort() + "/");
    }

    public String name() {
        return name;
    }

    /** The node this machine is to the domain: {@code create-domain} makes it, for instances on the same machine. */
    public String localNode() {
        return "localhost-" + name;
    }

    /** Where the files of instance {@code instance} on the local node live, its {@code logs/} among them. */
    public Path instanceDirectory(String instance) {
        return home.resolve("glassfish").resolve("nodes").resolve(localNode()).resolve(instance);
    }

    /** Keeps a copy of the log files in {@code logs}, under {@code target/} beside the domain, as {@code NAME-logs}. */
    public void keepLogs(Path logs, String name) {
        if (!Files.isDirectory(logs)) {
            return;
        }
        Path kept = domains.resolve(name + "-logs");
        try (Stream<Path> files = Files.list(logs)) {
            Files.createDirectories(kept);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return domains.resolve(name);
    }

    public Path serverLog() {
        return directory().resolve("logs").resolve("server.log");
    }

    /** The size of the server log now, to read what is logged after this point with {@link #serverLogSince}. */
    public long serverLogSize() throws IOException {
        return Files.exists(serverLog()) ? Files.size(serverLog()) : 0;
    }

    /** What the server logged after {@code offset} bytes (the log is not rotated at this size). */
    public String serverLogSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(serverLog());
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The process id of the running domain administration server. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readString(directory().resolve("config").resolve("pid")).trim());
    }

    /**
     * The listening TCP sockets of the domain administration server that are not on a loopback
     * address, as {@code ss -ltnp} shows them: empty when everything listens on 127.0.0.1 only.
     */
    public List<String> listenersOffLoopback() throws IOException {
        return listenersOffLoopback(pid());
    }

    /** The same for the running instances {@code instances} of the domain, each line after its instance's name. */
    public List<String> listenersOffLoopback(List<String> instances) throws IOException {
        List<String> off = new ArrayList<>();
        for (String instance : instances) {
            long pid = Long.parseLong(Files.readString(instanceDirectory(instance).resolve("config").resolve("pid")).trim());
            listenersOffLoopback(pid).forEach(line -> off.add(instance + ": " + line));
        }
        return off;
    }

    private List<String> listenersOffLoopback(long pid) throws IOException {
        String owner = "pid=" + pid + ",";
        return run(List.of("ss", "-H", "-l", "-t", "-n", "-p"), Duration.ofSeconds(30)).lines()
                .filter(line -> line.contains(owner))
                .filter(line -> !isLoopback(localAddress(line)))
                .toList();
    }

    /** Every listening TCP socket of the domain administration server, as {@code ss -ltnp} shows them. */
    public List<String> listeners() throws IOException {
        String owner = "pid=" + pid() + ",";
        return run(List.of("ss", "-H", "-l", "-t", "-n", "-p"), Duration.ofSeconds(30)).lines()
                .filter(line -> line.contains(owner)).map(PayaraServerDomain::localAddress).sorted().toList();
    }

    /** A thread dump of the server's JVM ({@code jcmd PID Thread.print}, with the JDK that runs the tests). */
    public String threadDump() throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return run(List.of(jcmd.toString(), String.valueOf(pid()), "Thread.print"), Duration.ofMinutes(1));
    }

    /** The local address of an {@code ss} line, an IPv4 address on a dual-stack socket written as IPv4. */
    private static String localAddress(String ssLine) {
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port Process
        String[] columns = ssLine.trim().split("\\s+");
        String address = columns.length > 3 ? columns[3] : ssLine;
        return address.startsWith("[::ffff:") ? address.replace("[::ffff:", "").replace("]:", ":") : address;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::1]");
    }

    /** Stops the server (if it runs), keeps its logs in {@code target/} and deletes the domain. */
    @Override
    public void close() {
        try {
            if (running) {
                running = false;
                local("stop-domain", "--domaindir", domains.toString(), name);
            }
        } finally {
            keepLogs();
            try {
                local("delete-domain", "--domaindir", domains.toString(), name);
                Files.deleteIfExists(passwordFile);
            } catch (IOException | RuntimeException e) {
                // a domain left in target/ goes with the next clean; the stop is what matters
                System.err.println("could not delete the domain " + name + ": " + e.getMessage());
            }
        }
    }

    private void keepLogs() {
        keepLogs(directory().resolve("logs"), name);
    }

    /** Runs asadmin with {@code args}; fails with its output when it exits non-zero. */
    private String local(String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("asadmin").toString(),
                "--user", "admin", "--passwordfile", passwordFile.toString(), "--interactive=false"));
        command.addAll(List.of(args));
        try {
            return run(command, COMMAND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(List<String> command, Duration limit) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the server runs on the Java that runs the tests, as Payara Micro does
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Path output = Files.createTempFile(domains, "asadmin", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(output);
            Files.writeString(transcript, "$ " + String.join(" ", command) + "\n" + text + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + (exited ? " exited " + process.exitValue() : " took over " + limit)
                        + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * A base whose every Payara port is free, below the kernel's ephemeral range (32768 and up):
     * for a domain, or one more server of it as {@code create-instance --portbase} takes it.
     */
    public static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + 100 * ThreadLocalRandom.current().nextInt(120);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free port range for a Payara Server domain");
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket s = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
