package io.switchboard.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class LogEventTest {

    private static final Logger LOG = Logger.getLogger(LogEventTest.class.getName());

    @Test
    void theFieldsAreTheRecordsMapParameterWithTheEventFirst() {
        LogRecord record = logged(() -> LogEvent.of("connection.closed").with("connection", "ab12")
                .with("user", "alice").with("code", 4003).info(LOG));

        assertThat(record.getLevel()).isEqualTo(Level.INFO);
        assertThat(record.getLoggerName()).isEqualTo(LOG.getName());
        assertThat(record.getParameters()).hasSize(1);
        assertThat(fields(record)).containsExactly(Map.entry("event", "connection.closed"),
                Map.entry("connection", "ab12"), Map.entry("user", "alice"), Map.entry("code", "4003"));
    }

    @Test
    void theMessageReadsAsTheNameThenKeyValuePairs() {
        LogRecord record = logged(() -> LogEvent.of("connection.closed").with("connection", "ab12")
                .with("reason", "session ended").with("note", "").with("user", null).info(LOG));

        assertThat(new SimpleFormatter().formatMessage(record))
                .isEqualTo("connection.closed connection=ab12 reason=\"session ended\" note=\"\" user=-");
    }

    @Test
    void aValueCannotForgeALineAFieldOrAPattern() {
        LogRecord record = logged(() -> LogEvent.of("refused").with("user", "x\" admin=\"yes\r\n{0} '{1}").info(LOG));

        String text = new SimpleFormatter().formatMessage(record);
        assertThat(text).isEqualTo("refused user=\"x\\\" admin=\\\"yes\\u000d\\u000a{0} '{1}\"");
        assertThat(fields(record)).containsEntry("user", "x\" admin=\"yes\\u000d\\u000a{0} '{1}");
    }

    @Test
    void controlCharactersBackslashesAndNonAsciiAreEscapedAndLongValuesCut() {
        assertThat(LogEvent.printable("a\tb\\c\u00e9\u001b[31m")).isEqualTo("a\\u0009b\\u005cc\\u00e9\\u001b[31m");
        assertThat(LogEvent.printable("x".repeat(500))).hasSize(103).endsWith("...");
        assertThat(LogEvent.printable(null)).isEqualTo("-");
    }

    @Test
    void nothingIsBuiltWhenTheLevelIsOff() {
        Level before = LOG.getLevel();
        LOG.setLevel(Level.WARNING);
        try {
            List<LogRecord> records = capture(() -> LogEvent.of("connection.opened").info(LOG));
            assertThat(records).isEmpty();
        } finally {
            LOG.setLevel(before);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fields(LogRecord record) {
        return (Map<String, String>) record.getParameters()[0];
    }

    private static LogRecord logged(Runnable action) {
        List<LogRecord> records = capture(action);
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static List<LogRecord> capture(Runnable action) {
        return LogCapture.records(LOG, action);
    }
}
