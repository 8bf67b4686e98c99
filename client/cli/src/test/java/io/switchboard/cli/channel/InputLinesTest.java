package io.switchboard.cli.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputLinesTest {

    private static List<InputLines.Line> lines(String text, int max) throws IOException {
        InputLines in = new InputLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<InputLines.Line> all = new ArrayList<>();
        Optional<InputLines.Line> next;
        while ((next = in.next()).isPresent()) {
            all.add(next.get());
        }
        return all;
    }

    @Test
    void linesAreNumberedWithoutTheirEnds() throws IOException {
        assertThat(lines("{\"a\":1}\r\n\n\"é\"\nlast", 100)).containsExactly(new InputLines.Line(1, "{\"a\":1}"),
                new InputLines.Line(2, ""), new InputLines.Line(3, "\"é\""), new InputLines.Line(4, "last"));
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("one\n", 100)).containsExactly(new InputLines.Line(1, "one"));
    }

    @Test
    void aLineOverTheBoundIsReportedWithoutItsTextAndTheNextOneFollows() throws IOException {
        List<InputLines.Line> read = lines("12345\n123456\n123\n1234567", 5);
        assertThat(read).extracting(InputLines.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(read).extracting(InputLines.Line::tooLong).containsExactly(false, true, false, true);
        assertThat(read.get(2).text()).isEqualTo("123");
    }
}
