package io.switchboard.examples;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One example client running as a child process: what it prints on stdout (one JSON object a
 * line) and on stderr, kept in order, and its stdin, whose lines it publishes.
 */
final class ExampleRun implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final Process process;
    private final Writer stdin;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers;

    private ExampleRun(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readers = List.of(collect(process.getInputStream(), stdout, "example-stdout"),
                collect(process.getErrorStream(), stderr, "example-stderr"));
    }

    static ExampleRun start(Example example, String baseUrl, String user, String password, String channel)
            throws IOException {
        List<String> command = List.of(example.interpreter(), example.program().toString(), baseUrl, user, password, channel);
        return new ExampleRun(new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).start());
    }

    /** Writes one line to the example's stdin: it publishes it as {"text": line}. */
    void input(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes the example's stdin: it exits once every publish is acked. */
    void endInput() throws IOException {
        stdin.close();
    }

    /** Waits until the example printed an object matching {@code test}; returns the first such. */
    JsonObject await(String what, Predicate<JsonObject> test) {
        awaitUntil(what, printed -> printed.stream().anyMatch(test));
        return printed().stream().filter(test).findFirst().orElseThrow();
    }

    /** Waits until what the example printed so far meets {@code condition}. */
    void awaitUntil(String what, Predicate<List<JsonObject>> condition) {
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> condition.test(printed()) || !process.isAlive());
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("no " + what + " within " + WAIT + "\n" + this);
        }
        if (!condition.test(printed())) {
            throw new AssertionError("the example exited before " + what + "\n" + this);
        }
    }

    /** Waits until the example exits; returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the example did not exit within " + WAIT + "\n" + this);
        }
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(10).toMillis()); // what it printed last is still in the pipe
        }
        return process.exitValue();
    }

    /** Every object printed on stdout so far, in order. */
    List<JsonObject> printed() {
        return stdout.stream().map(line -> READERS.createReader(new StringReader(line)).readObject()).toList();
    }

    String stderr() {
        return String.join("\n", stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr();
    }

    private static Thread collect(InputStream stream, List<String> into, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    into.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
