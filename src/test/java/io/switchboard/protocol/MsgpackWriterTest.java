package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MsgpackWriterTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static String hex(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return HEX.formatHex(MsgpackWriter.fromJson(utf8, 0, utf8.length));
    }

    private static String hexOfData(String json) {
        JsonValue value = Json.createReader(new StringReader("[" + json + "]")).readArray().get(0);
        return HEX.formatHex(MsgpackWriter.write(value));
    }

    @Test
    void integersTakeTheirSmallestForm() {
        assertThat(hexOfData("0")).isEqualTo("00");
        assertThat(hexOfData("127")).isEqualTo("7f");
        assertThat(hexOfData("128")).isEqualTo("cc 80");
        assertThat(hexOfData("256")).isEqualTo("cd 01 00");
        assertThat(hexOfData("65536")).isEqualTo("ce 00 01 00 00");
        assertThat(hexOfData("4294967296")).isEqualTo("cf 00 00 00 01 00 00 00 00");
        assertThat(hexOfData("-1")).isEqualTo("ff");
        assertThat(hexOfData("-32")).isEqualTo("e0");
        assertThat(hexOfData("-33")).isEqualTo("d0 df");
        assertThat(hexOfData("-129")).isEqualTo("d1 ff 7f");
        assertThat(hexOfData("-9223372036854775808")).isEqualTo("d3 80 00 00 00 00 00 00 00");
        assertThat(hexOfData("9223372036854775808")).as("2^63: uint64").isEqualTo("cf 80 00 00 00 00 00 00 00");
        assertThat(hexOfData("18446744073709551615")).isEqualTo("cf ff ff ff ff ff ff ff ff");
    }

    @Test
    void otherNumbersAreFloat64() {
        assertThat(hexOfData("1.5")).isEqualTo("cb 3f f8 00 00 00 00 00 00");
        assertThat(hexOfData("1.0")).isEqualTo("cb 3f f0 00 00 00 00 00 00");
        assertThat(hexOfData("1e3")).isEqualTo("cb 40 8f 40 00 00 00 00 00");
        assertThat(hexOfData("18446744073709551616")).as("2^64: past uint64").isEqualTo("cb 43 f0 00 00 00 00 00 00");
        assertThat(hexOfData("-9223372036854775809")).isEqualTo("cb c3 e0 00 00 00 00 00 00");
    }

    @Test
    void everyOtherJsonTypeHasItsNaturalForm() {
        assertThat(hexOfData("true")).isEqualTo("c3");
        assertThat(hexOfData("false")).isEqualTo("c2");
        assertThat(hexOfData("null")).isEqualTo("c0");
        assertThat(hexOfData("\"é\"")).isEqualTo("a2 c3 a9");
        assertThat(hexOfData("[]")).isEqualTo("90");
        assertThat(hexOfData("[1,\"a\"]")).isEqualTo("92 01 a1 61");
        assertThat(hexOfData("{}")).isEqualTo("80");
        assertThat(hexOfData("{\"a\":{\"b\":null}}")).isEqualTo("81 a1 61 81 a1 62 c0");
    }

    @Test
    void exactlyABase64BinObjectIsWrittenAsBin() {
        assertThat(hexOfData("{\"$bin\":\"AQI=\"}")).isEqualTo("c4 02 01 02");
        assertThat(hexOfData("{\"$bin\":\"\"}")).isEqualTo("c4 00");
        assertThat(hexOfData("[{\"x\":{\"$bin\":\"/w==\"}}]")).isEqualTo("91 81 a1 78 c4 01 ff");
        // Anything else stays a map.
        assertThat(hexOfData("{\"$bin\":\"AQI=\",\"x\":1}")).startsWith("82 a4 24 62 69 6e");
        assertThat(hexOfData("{\"$bin\":\"not base64!\"}")).startsWith("81 a4 24 62 69 6e ab");
        assertThat(hexOfData("{\"$bin\":5}")).isEqualTo("81 a4 24 62 69 6e 05");
        assertThat(hexOfData("{\"$BIN\":\"AQI=\"}")).startsWith("81 a4 24 42 49 4e");
    }

    @Test
    void aLargeBinTakesTheWiderHeaders() {
        byte[] bytes = new byte[300];
        String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
        assertThat(hexOfData("{\"$bin\":\"" + base64 + "\"}")).startsWith("c5 01 2c 00 00");
    }

    // ------------------------------------------------------------------ the README's byte-level examples

    /** The client frame of README "Framing", its bytes as the README writes them. */
    static final String CLIENT_JSON = "{\"type\":\"ping\",\"id\":\"p1\"}";
    static final String CLIENT_HEX = "82 a4 74 79 70 65 a4 70 69 6e 67 a2 69 64 a2 70 31";
    /** The server frame of README "Framing". */
    static final String SERVER_JSON =
            "{\"type\":\"message\",\"channel\":\"c\",\"seq\":18,\"data\":{\"$bin\":\"AQI=\"},\"from\":\"bob\",\"ts\":1795629883236}";
    static final String SERVER_HEX = "86 a4 74 79 70 65 a7 6d 65 73 73 61 67 65 a7 63 68 61 6e 6e 65 6c a1 63 "
            + "a3 73 65 71 12 a4 64 61 74 61 c4 02 01 02 a4 66 72 6f 6d a3 62 6f 62 "
            + "a2 74 73 cf 00 00 01 a2 13 e1 9f 64";

    @Test
    void theReadmeExamplesAreWhatTheLibraryWrites() throws IOException {
        assertThat(hex(CLIENT_JSON)).isEqualTo(CLIENT_HEX);
        assertThat(hex(SERVER_JSON)).isEqualTo(SERVER_HEX);
        assertThat(hex(FrameWriter.message("c", 18, "{\"$bin\":\"AQI=\"}", "bob", 1795629883236L)))
                .as("the server writes the frame that way").isEqualTo(SERVER_HEX);

        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        for (String example : List.of(CLIENT_JSON, CLIENT_HEX, SERVER_JSON, SERVER_HEX)) {
            assertThat(readme.contains(example)).as("README shows %s", example).isTrue();
        }
    }
}
