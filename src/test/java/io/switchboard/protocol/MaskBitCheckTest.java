package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskBitCheckTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
    void maskedFramesOfEveryLengthEncodingPass(int payload) {
        byte[] stream = concat(frame(true, payload), frame(true, 3), frame(true, payload));
        assertThat(new MaskBitCheck().firstUnmasked(ByteBuffer.wrap(stream))).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 125, 126, 65_536})
    void anUnmaskedFrameIsFoundAtItsSecondHeaderByte(int payload) {
        byte[] first = frame(true, payload);
        byte[] stream = concat(first, frame(false, 7), frame(true, 2));
        assertThat(new MaskBitCheck().firstUnmasked(ByteBuffer.wrap(stream))).isEqualTo(first.length + 1);
    }

    @Test
    void anUnmaskedFirstFrameIsFoundAtIndexOne() {
        assertThat(new MaskBitCheck().firstUnmasked(ByteBuffer.wrap(frame(false, 0)))).isEqualTo(1);
    }

    @Test
    void payloadBytesThatLookLikeHeadersAreSkipped() {
        // A masked frame whose payload is all zeros: read as headers, every byte would be "unmasked".
        byte[] header = {(byte) 0x81, (byte) (0x80 | 10), 0, 0, 0, 0};
        byte[] stream = concat(header, new byte[10], frame(true, 1));
        assertThat(new MaskBitCheck().firstUnmasked(ByteBuffer.wrap(stream))).isEqualTo(-1);
    }

    @Test
    void framesSplitAtEveryByteAreFollowed() {
        byte[] stream = concat(frame(true, 200), frame(true, 0), frame(true, 70_000), frame(false, 4));
        int expected = stream.length - frame(false, 4).length + 1;
        for (int chunk : new int[] {1, 2, 3, 5, 7, 13, 4096}) {
            assertThat(feed(stream, chunk)).as("chunks of %d bytes", chunk).isEqualTo(expected);
        }
    }

    @Test
    void randomStreamsOfMaskedFramesPassWhateverTheChunking() {
        SplittableRandom random = new SplittableRandom(6455);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int frames = 1 + random.nextInt(8);
            for (int f = 0; f < frames; f++) {
                int kind = random.nextInt(3);
                int payload = kind == 0 ? random.nextInt(126) : kind == 1 ? 126 + random.nextInt(2_000) : 65_536;
                stream.writeBytes(frame(true, payload));
            }
            assertThat(feed(stream.toByteArray(), 1 + random.nextInt(3_000))).as("round %d", round).isEqualTo(-1);
        }
    }

    @Test
    void theIndexIsWithinTheBufferEvenWhenItsPositionIsNotZero() {
        byte[] stream = concat(new byte[] {9, 9, 9}, frame(true, 4), frame(false, 1));
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        buffer.position(3);
        assertThat(new MaskBitCheck().firstUnmasked(buffer)).isEqualTo(3 + frame(true, 4).length + 1);
        assertThat(buffer.position()).as("position untouched").isEqualTo(3);
    }

    @Test
    void afterAnUnmaskedFrameEveryChunkIsRefusedFromItsStart() {
        MaskBitCheck check = new MaskBitCheck();
        assertThat(check.failed()).isFalse();
        check.firstUnmasked(ByteBuffer.wrap(frame(false, 2)));
        assertThat(check.failed()).isTrue();
        assertThat(check.firstUnmasked(ByteBuffer.wrap(frame(true, 2)))).isZero();
    }

    @Test
    void aLengthWithItsTopBitSetDoesNotMakeTheCheckGoBackwards() {
        byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        byte[] stream = concat(header, new byte[100]);
        assertThat(new MaskBitCheck().firstUnmasked(ByteBuffer.wrap(stream))).isEqualTo(-1);
    }

    /** The index {@link MaskBitCheck} reports when fed {@code stream} in chunks, relative to the stream. */
    private static int feed(byte[] stream, int chunk) {
        MaskBitCheck check = new MaskBitCheck();
        for (int from = 0; from < stream.length; from += chunk) {
            int to = Math.min(stream.length, from + chunk);
            ByteBuffer buffer = ByteBuffer.wrap(stream, from, to - from);
            int found = check.firstUnmasked(buffer);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    /** A final text frame with {@code payload} bytes of 'x', masked with a fixed key or not. */
    private static byte[] frame(boolean masked, int payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        int maskBit = masked ? 0x80 : 0;
        if (payload <= 125) {
            out.write(maskBit | payload);
        } else if (payload <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(payload >>> 8);
            out.write(payload);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload >>> shift));
            }
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload; i++) {
            out.write(masked ? 'x' ^ key[i & 3] : 'x');
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
