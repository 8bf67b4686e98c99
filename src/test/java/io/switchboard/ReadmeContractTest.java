package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Setting;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's tables are the contract; they must say what the enums say. */
class ReadmeContractTest {

    private static final Pattern CONFIG_ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]*)` \\| (.+?) \\|$");
    private static final Pattern CLOSE_ROW = Pattern.compile("^\\| (\\d+) \\| (.+?) \\| (yes|no) \\| (.+?) \\|$");
    private static final Pattern ERROR_ROW = Pattern.compile("^\\| `([^`]+)` \\| (.+?) \\|$");

    private static List<String> readme;

    @BeforeAll
    static void readReadme() throws IOException {
        readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The table rows (lines starting with '|', header and separator skipped) under a heading. */
    private static List<String> tableUnder(String heading) {
        int start = readme.indexOf(heading);
        assertThat(start).as("README has the heading %s", heading).isNotNegative();
        int level = heading.indexOf(' ');
        List<String> rows = new java.util.ArrayList<>();
        for (int i = start + 1; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("#") && line.indexOf(' ') <= level) {
                break;
            }
            if (line.startsWith("|")) {
                rows.add(line);
            }
        }
        assertThat(rows).as("table under %s", heading).hasSizeGreaterThan(2);
        return rows.subList(2, rows.size());
    }

    private static Matcher match(Pattern pattern, String row) {
        Matcher m = pattern.matcher(row);
        assertThat(m.matches()).as("row has the documented shape: %s", row).isTrue();
        return m;
    }

    @Test
    void configurationTableListsEverySettingWithItsDefault() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String row : tableUnder("## Configuration")) {
            Matcher m = match(CONFIG_ROW, row);
            assertThat(defaults.put(m.group(1), m.group(2))).as("%s listed once", m.group(1)).isNull();
        }
        Map<String, String> expected = Arrays.stream(Setting.values())
                .collect(Collectors.toMap(Setting::key, Setting::defaultValue, (a, b) -> a, LinkedHashMap::new));
        assertThat(defaults).as("README configuration table (key -> default)").containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void configurationTableDescribesEverySettingAsTheEnumDoes() {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String row : tableUnder("## Configuration")) {
            Matcher m = match(CONFIG_ROW, row);
            descriptions.put(m.group(1), m.group(3));
        }
        for (Setting s : Setting.values()) {
            assertThat(descriptions.get(s.key())).as("description of %s", s.key()).isEqualTo(s.description());
        }
    }

    @Test
    void closeCodeTableListsEveryCloseCodeWithItsReasonAndReconnect() {
        Map<Integer, String> documented = new LinkedHashMap<>();
        for (String row : tableUnder("### Close codes")) {
            Matcher m = match(CLOSE_ROW, row);
            String value = m.group(2) + " | " + m.group(3);
            assertThat(documented.put(Integer.parseInt(m.group(1)), value)).as("%s listed once", m.group(1)).isNull();
        }
        // Codes used for more than one reason list them in the enum's order, joined by " / ".
        Map<Integer, String> expected = new LinkedHashMap<>();
        for (CloseCode c : CloseCode.values()) {
            expected.merge(c.code(), c.reason() + " | " + (c.reconnect() ? "yes" : "no"),
                    (first, next) -> first.substring(0, first.lastIndexOf(" | ")) + " / " + next);
        }
        assertThat(documented).as("README close-code table (code -> reason | reconnect)")
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void errorCodeTableListsEveryErrorCodeAndNoOther() {
        List<String> documented = tableUnder("### Error codes").stream()
                .map(row -> match(ERROR_ROW, row).group(1))
                .collect(Collectors.toList());
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toList()));
    }
}
