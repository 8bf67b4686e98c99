package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    private static final Formatter TEXT = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return formatMessage(record);
        }
    };

    @Test
    void aNameCarryingCrLfCannotForgeALogLine() {
        List<LogRecord> records = logged(() -> new Refusals().refused("login failed",
                "bob\r\nINFO: refused: nothing (user admin, address 10.0.0.1)", "10.0.0.9"));

        assertThat(records).hasSize(1);
        String line = TEXT.format(records.get(0));
        assertThat(line).doesNotContain("\r").doesNotContain("\n")
                .contains("user=\"bob\\u000d\\u000aINFO: refused: nothing (user admin, address 10.0.0.1)\"");
        assertThat(fields(records.get(0))).containsEntry("user",
                "bob\\u000d\\u000aINFO: refused: nothing (user admin, address 10.0.0.1)");
    }

    @Test
    void aRefusalIsOneEventWithReasonUserAndAddress() {
        List<LogRecord> records = logged(() -> new Refusals().refused("handshake forbidden_origin", "alice", "10.0.0.9"));

        assertThat(TEXT.format(records.get(0)))
                .isEqualTo("refused reason=\"handshake forbidden_origin\" user=alice address=10.0.0.9");
        assertThat(fields(records.get(0))).containsExactly(Map.entry("event", "refused"),
                Map.entry("reason", "handshake forbidden_origin"), Map.entry("user", "alice"),
                Map.entry("address", "10.0.0.9"));
    }

    @Test
    void anUnknownUserIsLoggedAsADash() {
        List<LogRecord> records = logged(() -> new Refusals().refused("login failed", null, "10.0.0.9"));

        assertThat(TEXT.format(records.get(0))).isEqualTo("refused reason=\"login failed\" user=- address=10.0.0.9");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fields(LogRecord record) {
        return (Map<String, String>) record.getParameters()[0];
    }

    private static List<LogRecord> logged(Runnable action) {
        return LogCapture.records(Refusals.class, action);
    }
}
