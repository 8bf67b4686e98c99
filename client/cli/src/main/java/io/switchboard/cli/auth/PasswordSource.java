package io.switchboard.cli.auth;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.Environment;
import io.switchboard.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Where {@code switchboard login} gets the password: the first line of stdin, or the console without echo. */
final class PasswordSource {

    /** Longer than any password the hub would take, short enough that a wrong pipe is noticed. */
    static final int MAX_CHARS = 4096;

    private PasswordSource() {
    }

    static char[] read(Environment env, boolean fromStdin, String user) {
        if (fromStdin) {
            return firstLine(env.stdin());
        }
        char[] typed = env.prompt().read("Password for " + user + ": ").orElseThrow(() -> new CommandFailure(
                ExitCodes.USAGE, "no terminal to ask the password on: pipe it in with --password-stdin"));
        if (typed.length == 0) {
            throw new CommandFailure(ExitCodes.USAGE, "no password given");
        }
        return typed;
    }

    /** The first line of {@code in}, without its line end. */
    static char[] firstLine(InputStream in) {
        char[] buffer = new char[MAX_CHARS + 1];
        int n = 0;
        try {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            int c;
            while (n <= MAX_CHARS && (c = reader.read()) >= 0 && c != '\n') {
                buffer[n++] = (char) c;
            }
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot read the password from stdin: " + e.getMessage());
        }
        if (n > MAX_CHARS) {
            Arrays.fill(buffer, '\0');
            throw new CommandFailure(ExitCodes.USAGE, "the password on stdin is longer than " + MAX_CHARS + " characters");
        }
        if (n > 0 && buffer[n - 1] == '\r') {
            n--;
        }
        char[] password = Arrays.copyOf(buffer, n);
        Arrays.fill(buffer, '\0');
        if (password.length == 0) {
            throw new CommandFailure(ExitCodes.USAGE, "no password on stdin");
        }
        return password;
    }
}
