package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * server-config/logging-json.properties, as the JDK's LogManager reads it: the console handler with
 * Payara's JSON formatter, and Switchboard's events at INFO. LogsIT starts a server with it.
 */
class LoggingJsonPropertiesTest {

    private final String text = ConfigFile.read("logging-json.properties");

    @Test
    void theConsoleWritesJsonThroughPayarasFormatter() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));

        assertThat(properties.getProperty("handlers")).isEqualTo("java.util.logging.ConsoleHandler");
        assertThat(properties.getProperty("java.util.logging.ConsoleHandler.formatter"))
                .isEqualTo("fish.payara.enterprise.server.logging.JSONLogFormatter");
        assertThat(properties.getProperty("java.util.logging.ConsoleHandler.level")).isEqualTo("INFO");
        assertThat(properties.getProperty("io.switchboard.level")).isEqualTo("INFO");
    }

    @Test
    void itsHeaderSaysHowToTurnItOnAndOff() {
        assertThat(text).startsWith("#").contains("--logproperties server-config/logging-json.properties")
                .contains("off by leaving that option out");
    }
}
