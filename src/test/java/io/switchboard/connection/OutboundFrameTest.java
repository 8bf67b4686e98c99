package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundFrameTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void theHeaderCarriesTheLengthInTheShortestFormRfc6455Allows(int length) {
        OutboundFrame frame = OutboundFrame.of("x".repeat(length));
        byte[] wire = frame.wire();

        assertThat(wire[0] & 0xFF).as("FIN and opcode 1 (text), no RSV bits").isEqualTo(0x81);
        assertThat(wire[1] & 0x80).as("a server's frames are not masked").isZero();
        long decoded;
        int headerLength;
        int seven = wire[1] & 0x7F;
        if (seven <= 125) {
            decoded = seven;
            headerLength = 2;
        } else if (seven == 126) {
            decoded = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
            headerLength = 4;
            assertThat(decoded).as("16-bit form only past 125").isGreaterThan(125);
        } else {
            decoded = 0;
            for (int i = 0; i < 8; i++) {
                decoded = (decoded << 8) | (wire[2 + i] & 0xFF);
            }
            headerLength = 10;
            assertThat(decoded).as("64-bit form only past 65,535").isGreaterThan(65_535);
        }
        assertThat(decoded).isEqualTo(length);
        assertThat(frame.payloadOffset()).isEqualTo(headerLength);
        assertThat(wire).hasSize(headerLength + length);
        assertThat(frame.bytes()).isEqualTo(length);
    }

    @Test
    void thePayloadIsTheTextInUtf8() {
        String text = "{\"data\":\"né € 𝄞\"}";
        OutboundFrame frame = OutboundFrame.message(text, 42);

        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(frame.bytes()).isEqualTo(utf8.length);
        assertThat(frame.text()).isEqualTo(text);
        assertThat(frame.publishedMillis()).isEqualTo(42);
        assertThat(frame.isLiveMessage()).isTrue();
        assertThat(OutboundFrame.of(text).isLiveMessage()).isFalse();
    }
}
