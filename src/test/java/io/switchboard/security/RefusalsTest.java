package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    @Test
    void aNameCarryingCrLfCannotForgeALogLine() {
        List<String> lines = logged(() -> new Refusals().refused("login failed",
                "bob\r\nINFO: refused: nothing (user admin, address 10.0.0.1)", "10.0.0.9"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\r").doesNotContain("\n")
                .contains("bob\\u000d\\u000aINFO");
    }

    @Test
    void controlCharactersBackslashesAndNonAsciiAreEscapedAndLongValuesCut() {
        assertThat(Refusals.printable("a\tb\\c\u00e9\u001b[31m")).isEqualTo("a\\u0009b\\u005cc\\u00e9\\u001b[31m");
        assertThat(Refusals.printable("x".repeat(500))).hasSize(103).endsWith("...");
        assertThat(Refusals.printable(null)).isEqualTo("-");
    }

    @Test
    void anUnknownUserIsLoggedAsADash() {
        List<String> lines = logged(() -> new Refusals().refused("login failed", null, "10.0.0.9"));

        assertThat(lines).containsExactly("refused: login failed (user -, address 10.0.0.9)");
    }

    private static List<String> logged(Runnable action) {
        Logger logger = Logger.getLogger(Refusals.class.getName());
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return lines;
    }
}
