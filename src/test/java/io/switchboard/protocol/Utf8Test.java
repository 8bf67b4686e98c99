package io.switchboard.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello world", "\u0000", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "€",
            "中文", "\uffff", "\ud7ff", "\ue000", "😀", "\ud800\udc00", "\udbff\udfff", "a😀b€cé",
            "👍🏽", "👨‍👩‍👧‍👦", "{\"type\":\"echo\",\"data\":\"€😀é\"}"})
    void matchesTheEncodedLengthOfWellFormedStrings(String s) {
        assertThat(Utf8.length(s)).isEqualTo(s.getBytes(UTF_8).length);
    }

    @Test
    void countsOneTwoThreeAndFourByteCharacters() {
        assertThat(Utf8.length("a")).isEqualTo(1);
        assertThat(Utf8.length("é")).isEqualTo(2);
        assertThat(Utf8.length("€")).isEqualTo(3);
        assertThat(Utf8.length("😀")).isEqualTo(4);
        assertThat(Utf8.length("€".repeat(30_000))).isEqualTo(90_000);
    }

    @Test
    void matchesTheEncodedLengthOfManyRandomWellFormedStrings() {
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int codePoints = random.nextInt(40);
            for (int i = 0; i < codePoints; i++) {
                int cp;
                switch (random.nextInt(4)) {
                    case 0 -> cp = random.nextInt(0x80);
                    case 1 -> cp = 0x80 + random.nextInt(0x800 - 0x80);
                    case 2 -> {
                        cp = 0x800 + random.nextInt(0x10000 - 0x800);
                        if (Character.isSurrogate((char) cp)) {
                            cp = 'x';
                        }
                    }
                    default -> cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
                }
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            assertThat(Utf8.length(s)).as("length of %s", s).isEqualTo(s.getBytes(UTF_8).length);
        }
    }

    /**
     * A lone surrogate has no UTF-8 encoding. String.getBytes replaces it with '?' (1 byte); Utf8.length
     * counts it as 3 bytes, the size of its 3-byte (WTF-8/CESU-8) form. For a size limit that
     * over-estimates, which errs on the safe side.
     */
    @Test
    void countsALoneSurrogateAsThreeBytes() {
        assertThat(Utf8.length("\ud800")).isEqualTo(3);
        assertThat(Utf8.length("\udc00")).isEqualTo(3);
        assertThat(Utf8.length("a\ud800")).isEqualTo(4);
        assertThat(Utf8.length("\ud800a")).isEqualTo(4);
        assertThat(Utf8.length("\udc00\ud800")).isEqualTo(6);
        // The pair is 4; the dangling high surrogate after it is 3.
        assertThat(Utf8.length("😀\ud83d")).isEqualTo(7);
        assertThat("\ud800".getBytes(UTF_8)).hasSize(1);
    }
}
