package io.switchboard.protocol;

import java.nio.ByteBuffer;

/**
 * Follows the RFC 6455 frame headers in the bytes one client sends, chunk after chunk, and finds
 * the first frame whose mask bit is clear (RFC 6455 5.1: the server must then fail the connection,
 * 1002). It reads only headers and skips payloads, so a frame may be split anywhere across chunks.
 * One instance per connection, fed in arrival order; not thread-safe.
 */
public final class MaskBitCheck {

    private static final int MASK_KEY_BYTES = 4;

    // Where the next byte falls: in a frame's header (headerIndex counts its bytes) or its payload.
    private boolean inPayload;
    private int headerIndex;
    private int lengthBytes;
    private long payloadLength;
    private long payloadLeft;
    private boolean failed;

    /**
     * Reads {@code bytes} from its position to its limit without moving either, and answers the
     * index of the byte holding the clear mask bit (the second byte of the unmasked frame), or -1
     * when every frame header in it is masked. Once a frame has been found, every later call
     * answers the chunk's position: nothing after an unmasked frame can be trusted.
     */
    public int firstUnmasked(ByteBuffer bytes) {
        int i = bytes.position();
        int end = bytes.limit();
        if (failed) {
            return i;
        }
        while (i < end) {
            if (inPayload) {
                long skip = Math.min(payloadLeft, end - i);
                i += (int) skip;
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    startHeader();
                }
                continue;
            }
            int b = bytes.get(i) & 0xFF;
            if (headerIndex == 1 && (b & 0x80) == 0) {
                failed = true;
                return i;
            }
            header(b);
            i++;
        }
        return -1;
    }

    /** True once an unmasked frame has been seen. */
    public boolean failed() {
        return failed;
    }

    private void header(int b) {
        int index = headerIndex++;
        if (index == 1) {
            int code = b & 0x7F;
            lengthBytes = code == 126 ? 2 : code == 127 ? 8 : 0;
            payloadLength = lengthBytes == 0 ? code : 0;
        } else if (index >= 2 && index < 2 + lengthBytes) {
            payloadLength = (payloadLength << 8) | b;
        }
        if (headerIndex == 2 + lengthBytes + MASK_KEY_BYTES) {
            // A 64-bit length with its top bit set is invalid (5.2); the container fails it, and
            // until then this check must not count backwards.
            payloadLeft = payloadLength < 0 ? Long.MAX_VALUE : payloadLength;
            if (payloadLeft == 0) {
                startHeader();
            } else {
                inPayload = true;
            }
        }
    }

    private void startHeader() {
        inPayload = false;
        headerIndex = 0;
        lengthBytes = 0;
        payloadLength = 0;
        payloadLeft = 0;
    }
}
