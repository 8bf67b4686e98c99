package io.switchboard.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A command-line checker (nginx, haproxy, systemd-analyze) run on a file, with its exit code and output. */
record Tool(Path executable) {

    record Result(int exitCode, String output) {
    }

    // Debian puts nginx and haproxy in /usr/sbin, which is not on every user's PATH.
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    static Optional<Tool> find(String name) {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return Stream.concat(path, EXTRA_DIRS.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Tool::new);
    }

    /**
     * The tool, or the test is skipped: CI installs every one of them (.ci/run), so a skip means
     * a machine without it, never a check that silently stopped running there.
     */
    static Tool require(String name) {
        Optional<Tool> tool = find(name);
        assumeTrue(tool.isPresent(), name + " is not installed here (CI installs it)");
        return tool.get();
    }

    /** Runs the tool in {@code workDir} with stdout and stderr together, at most a minute. */
    Result run(Path workDir, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        Path output = workDir.resolve(executable.getFileName() + ".out");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
