package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CloseCodeTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{4}) \\| ([^|]+) \\| (yes|no) \\|", Pattern.MULTILINE);

    @Test
    void matchesTheReadmeCloseCodeTable() throws IOException {
        Path readme = Path.of(System.getProperty("switchboard.root", "../.."), "README.md");
        String text = Files.readString(readme);
        String table = text.substring(text.indexOf("### Close codes"), text.indexOf("## Configuration"));
        Map<Integer, Boolean> documented = new LinkedHashMap<>();
        Map<Integer, String> reasons = new LinkedHashMap<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            documented.put(Integer.parseInt(m.group(1)), m.group(3).equals("yes"));
            reasons.put(Integer.parseInt(m.group(1)), m.group(2).trim());
        }
        assertThat(documented).as("close-code rows in README.md").hasSizeGreaterThan(10);
        Map<Integer, Boolean> encoded = new LinkedHashMap<>();
        Map<Integer, String> encodedReasons = new LinkedHashMap<>();
        for (CloseCode c : CloseCode.values()) {
            encoded.put(c.code(), c.reconnect());
            encodedReasons.put(c.code(), c.reason());
        }
        assertThat(encoded).isEqualTo(documented);
        assertThat(encodedReasons).isEqualTo(reasons);
    }

    @Test
    void kickedAndNormalClosureAreFinal() {
        assertThat(CloseCode.reconnects(4003)).isFalse();
        assertThat(CloseCode.reconnects(1000)).isFalse();
        assertThat(CloseCode.reconnects(4000)).isFalse();
    }

    @Test
    void restartsAndLostConnectionsReconnect() {
        assertThat(CloseCode.reconnects(1001)).isTrue();
        assertThat(CloseCode.reconnects(CloseCode.ABNORMAL)).isTrue();
        assertThat(CloseCode.reconnects(4001)).isTrue();
        assertThat(CloseCode.reconnects(1013)).isTrue();
    }

    @Test
    void codesNotInTheTableReconnect() {
        assertThat(CloseCode.of(1005)).isEmpty();
        assertThat(CloseCode.reconnects(1005)).isTrue();
        assertThat(CloseCode.reconnects(4999)).isTrue();
    }
}
