package io.switchboard.cli;

import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a command reads from the process around it: environment variables, standard input, the
 * console to ask a password on, and the home directory. Tests give their own.
 */
public record Environment(Function<String, String> variables, InputStream stdin, PasswordPrompt prompt, Path home) {

    /** Asks for a secret without echoing it; empty when there is no terminal to ask on. */
    @FunctionalInterface
    public interface PasswordPrompt {
        Optional<char[]> read(String prompt);
    }

    /** The process's own. */
    public static Environment system() {
        PasswordPrompt console = prompt -> {
            Console c = System.console();
            return c == null ? Optional.empty() : Optional.ofNullable(c.readPassword("%s", prompt));
        };
        return new Environment(System::getenv, System.in, console, Path.of(System.getProperty("user.home")));
    }

    /** The variable's value, empty when unset or blank. */
    public Optional<String> variable(String name) {
        String value = variables.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
