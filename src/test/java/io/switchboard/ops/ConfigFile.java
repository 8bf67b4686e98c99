package io.switchboard.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A file shipped in server-config/, and scratch directories under target/ for checking copies of it. */
final class ConfigFile {

    static final Path DIR = Path.of("server-config");

    private ConfigFile() {
    }

    static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text without comments (from '#' to the end of the line), for checks on what is in force. */
    static String withoutComments(String text) {
        return text.replaceAll("(?m)#.*$", "");
    }

    /** An empty directory target/server-config-checks/NAME, emptied first if a previous run left one. */
    static Path scratch(String name) {
        Path dir = Path.of("target", "server-config-checks", name).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with one exact piece replaced, failing when the piece is not there (the file changed). */
    static String replaceOnce(String text, String piece, String replacement) {
        int at = text.indexOf(piece);
        if (at < 0 || text.indexOf(piece, at + 1) >= 0) {
            throw new AssertionError("expected exactly one occurrence of <" + piece + ">");
        }
        return text.replace(piece, replacement);
    }
}
