package io.switchboard.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** One run of the command line in this JVM, with its own environment, stdin and captured output. */
public final class CliRun {

    private final Map<String, String> variables = new HashMap<>();
    private final Path home;
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private Environment.PasswordPrompt prompt = p -> Optional.empty();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private int status = -1;

    public CliRun(Path home) {
        this.home = home;
    }

    public CliRun env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    public CliRun stdin(String text) {
        this.stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public CliRun stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    public CliRun prompt(Environment.PasswordPrompt prompt) {
        this.prompt = prompt;
        return this;
    }

    /** Runs {@code args}; returns this, with the status and output. */
    public CliRun run(String... args) {
        CommandLine cli = Main.commandLine(new Environment(variables::get, stdin, prompt, home));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        status = cli.execute(args);
        return this;
    }

    public int status() {
        return status;
    }

    public synchronized String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Stdout's lines so far. */
    public List<String> lines() {
        String text = out();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Override
    public String toString() {
        return "status " + status + "\nstdout:\n" + out() + "\nstderr:\n" + err();
    }
}
