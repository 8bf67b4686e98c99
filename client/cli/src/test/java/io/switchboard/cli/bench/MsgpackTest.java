package io.switchboard.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class MsgpackTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.trim().replaceAll("\\s+", " "));
    }

    @Test
    void requestsAreTheReadmesMaps() {
        assertThat(HEX.formatHex(Msgpack.map("type", "ping", "id", "p1")))
                .isEqualTo("82 a4 74 79 70 65 a4 70 69 6e 67 a2 69 64 a2 70 31");
        assertThat(HEX.formatHex(Msgpack.map("n", 300))).isEqualTo("81 a1 6e cd 01 2c");
    }

    @Test
    void aFrameBecomesTheJsonLinesATextConnectionGets() {
        byte[] message = hex("""
                86 a4 74 79 70 65 a7 6d 65 73 73 61 67 65 a7 63 68 61 6e 6e 65 6c a1 63
                a3 73 65 71 12 a4 64 61 74 61 c4 02 01 02 a4 66 72 6f 6d a3 62 6f 62
                a2 74 73 cf 00 00 01 a2 13 e1 9f 64""");
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(message);
        frame.writeBytes(Msgpack.map("type", "ack", "id", "7", "seq", 19));
        String lines = Msgpack.lines(ByteBuffer.wrap(frame.toByteArray()));
        assertThat(lines).isEqualTo("{\"type\":\"message\",\"channel\":\"c\",\"seq\":18,\"data\":{\"$bin\":\"AQI=\"},"
                + "\"from\":\"bob\",\"ts\":1795629883236}\n{\"type\":\"ack\",\"id\":\"7\",\"seq\":19}");
        assertThat(Lines.longField(lines, 0, lines.indexOf('\n'), "seq")).isEqualTo(18);
        assertThatThrownBy(() -> Msgpack.lines(ByteBuffer.wrap(hex("c6 7f ff ff ff 00"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MessagePack");
    }

    /** A socket with no network, to feed frames to. */
    private static final class Fed extends BenchSocket {
        Fed(Handler handler, WireEncoding encoding) {
            super(0, handler, encoding);
        }

        @Override
        CompletionStage<?> transmit(String text) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        CompletionStage<?> transmit(ByteBuffer binary) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        void close() {
        }

        @Override
        void abort() {
        }

        @Override
        boolean isOpen() {
            return true;
        }
    }

    private static final class Recorded implements BenchSocket.Handler {
        final List<String> lines = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void onLine(BenchSocket socket, String text, int start, int end) {
            lines.add(text.substring(start, end));
        }

        @Override
        public void onClose(BenchSocket socket, int code, String reason) {
        }

        @Override
        public void onError(BenchSocket socket, Throwable error) {
            errors.add(error);
        }
    }

    @Test
    void socketsCountThePayloadBytesOfEitherKindOfFrame() {
        Recorded text = new Recorded();
        Fed json = new Fed(text, WireEncoding.JSON);
        String frame = "{\"type\":\"pong\"}\n{\"type\":\"echo\",\"data\":\"é€😀\"}";
        json.textFrame(frame);
        assertThat(text.lines).containsExactly("{\"type\":\"pong\"}", "{\"type\":\"echo\",\"data\":\"é€😀\"}");
        assertThat(json.bytes).isEqualTo(frame.getBytes(StandardCharsets.UTF_8).length).isEqualTo(50);
        assertThat(json.frames).isEqualTo(1);
        json.binaryFrame(ByteBuffer.wrap(Msgpack.map("type", "pong")));
        assertThat(text.errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("binary frame"));

        Recorded binary = new Recorded();
        Fed packed = new Fed(binary, WireEncoding.MSGPACK);
        byte[] pong = Msgpack.map("type", "pong", "id", "a");
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.writeBytes(pong);
        twice.writeBytes(pong);
        packed.binaryFrame(ByteBuffer.wrap(twice.toByteArray()));
        assertThat(binary.lines).containsExactly("{\"type\":\"pong\",\"id\":\"a\"}", "{\"type\":\"pong\",\"id\":\"a\"}");
        assertThat(packed.bytes).isEqualTo(2L * pong.length);
        assertThat(packed.frames).isEqualTo(1);
        assertThat(packed.lines).isEqualTo(2);
        packed.textFrame("{\"type\":\"pong\"}");
        assertThat(binary.errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("text frame"));
    }
}
