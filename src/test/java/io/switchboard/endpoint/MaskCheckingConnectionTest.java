package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.Test;

class MaskCheckingConnectionTest {

    private final FakeTyrus tyrus = new FakeTyrus();
    private final MaskCheckingConnection connection = new MaskCheckingConnection(tyrus);

    @Test
    void maskedFramesReachTyrusUntouchedAndNothingIsClosed() {
        byte[] stream = concat(frame(true, "one"), frame(true, "two"));
        connection.getReadHandler().handle(ByteBuffer.wrap(stream));
        assertThat(tyrus.received()).isEqualTo(stream);
        assertThat(tyrus.closes).isEmpty();
    }

    @Test
    void anUnmaskedFrameClosesWith1002AndOnlyTheFramesBeforeItReachTyrus() {
        byte[] before = frame(true, "before");
        ByteBuffer data = ByteBuffer.wrap(concat(before, frame(false, "unmasked"), frame(true, "after")));
        connection.getReadHandler().handle(data);
        assertThat(tyrus.received()).as("the frame before and the unmasked frame's first byte")
                .isEqualTo(concat(before, new byte[] {(byte) 0x81}));
        assertThat(tyrus.closes).extracting(r -> r.getCloseCode().getCode()).containsExactly(1002);
        assertThat(data.hasRemaining()).as("the chunk is consumed").isFalse();
    }

    @Test
    void bytesArrivingAfterTheCloseAreDropped() {
        connection.getReadHandler().handle(ByteBuffer.wrap(frame(false, "unmasked")));
        int handed = tyrus.received().length;
        ByteBuffer later = ByteBuffer.wrap(frame(true, "later"));
        connection.getReadHandler().handle(later);
        assertThat(tyrus.received()).hasSize(handed);
        assertThat(later.hasRemaining()).isFalse();
        assertThat(tyrus.closes).hasSize(1);
    }

    @Test
    void anUnmaskedHeaderSplitAcrossReadsIsStillFound() {
        byte[] unmasked = frame(false, "split");
        connection.getReadHandler().handle(ByteBuffer.wrap(unmasked, 0, 1));
        assertThat(tyrus.closes).isEmpty();
        connection.getReadHandler().handle(ByteBuffer.wrap(unmasked, 1, unmasked.length - 1));
        assertThat(tyrus.closes).hasSize(1);
        assertThat(tyrus.received()).containsExactly((byte) 0x81);
    }

    /** Stands in for Tyrus' connection: records what its read handler is given and each close. */
    private static final class FakeTyrus implements Connection, ReadHandler {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<CloseReason> closes = new ArrayList<>();

        byte[] received() {
            return bytes.toByteArray();
        }

        @Override
        public void handle(ByteBuffer data) {
            while (data.hasRemaining()) {
                bytes.write(data.get());
            }
        }

        @Override
        public ReadHandler getReadHandler() {
            return this;
        }

        @Override
        public Writer getWriter() {
            return null;
        }

        @Override
        public CloseListener getCloseListener() {
            return reason -> { };
        }

        @Override
        public void close(CloseReason reason) {
            closes.add(reason);
        }
    }

    private static byte[] frame(boolean masked, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        out.write((masked ? 0x80 : 0) | payload.length);
        byte[] key = {1, 2, 3, 4};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
