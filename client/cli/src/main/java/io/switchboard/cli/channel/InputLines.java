package io.switchboard.cli.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Stdin as numbered lines (UTF-8, {@code \n} or {@code \r\n}), each at most {@code maxChars}: a
 * longer one is reported as too long (its text dropped), so a file without line ends cannot fill
 * the memory.
 */
public final class InputLines {

    /** One line; {@code text} is null when it was longer than the bound. */
    public record Line(long number, String text) {
        public boolean tooLong() {
            return text == null;
        }
    }

    /** Far above the hub's largest message (64 KiB by default), to leave it to say no. */
    public static final int MAX_CHARS = 1 << 20;

    private final BufferedReader reader;
    private final int maxChars;
    private long number;

    public InputLines(InputStream in, int maxChars) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.maxChars = maxChars;
    }

    /** The next line; empty at the end of the input. */
    public Optional<Line> next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
            if (line.length() < maxChars + 1) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c < 0 && line.isEmpty() && !tooLong) {
            return Optional.empty();
        }
        number++;
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        if (tooLong || line.length() > maxChars) {
            return Optional.of(new Line(number, null));
        }
        return Optional.of(new Line(number, line.toString()));
    }
}
