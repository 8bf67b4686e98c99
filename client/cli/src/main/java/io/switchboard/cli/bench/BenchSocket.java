package io.switchboard.cli.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One load-generator connection, whichever client library carries it. Every server frame is split
 * on {@code '\n'} (the server coalesces queued objects into one frame) and each line goes to the
 * {@link Handler} in arrival order, on the library's receive thread, one frame at a time per socket.
 * On {@link WireEncoding#MSGPACK} the frames are binary, and each object of one is handed over as
 * the JSON line it stands for ({@link Msgpack#lines}).
 */
abstract class BenchSocket {

    /** The subprotocol of a text connection (README, "Protocol v1 reference"). */
    static final String SUBPROTOCOL = WireEncoding.JSON.subprotocol();

    /** The most bytes of one server frame read (the Tyrus client's buffer is as large). */
    static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    /** What a socket reports; called on the client library's threads. */
    interface Handler {
        /** One JSON object: {@code text.substring(start, end)}, not copied. */
        void onLine(BenchSocket socket, String text, int start, int end);

        void onClose(BenchSocket socket, int code, String reason);

        default void onError(BenchSocket socket, Throwable error) {
        }
    }

    final int index;
    final Handler handler;
    final WireEncoding encoding;
    // Written only by the receive callback, which the libraries run one frame at a time per socket.
    volatile long frames;
    volatile long lines;
    /** Payload bytes of the server's frames: UTF-8 of text frames, MessagePack of binary ones. */
    volatile long bytes;

    BenchSocket(int index, Handler handler, WireEncoding encoding) {
        this.index = index;
        this.handler = handler;
        this.encoding = encoding;
    }

    // a String is a text frame, a byte[] a binary one
    private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    /** Queues a text frame; sends go out one at a time, in order. Never blocks. */
    final void send(String text) {
        pending.add(text);
        pump();
    }

    /** Queues a binary frame (not modified afterwards: it may be shared by many sockets). */
    final void send(byte[] binary) {
        pending.add(binary);
        pump();
    }

    /** Starts one asynchronous text send; the stage completes when the library is done with it. */
    abstract CompletionStage<?> transmit(String text);

    /** Starts one asynchronous binary send. */
    abstract CompletionStage<?> transmit(ByteBuffer binary);

    // One send in flight at a time (both libraries require it); a send that completes at once
    // loops here rather than recursing.
    private void pump() {
        while (sending.compareAndSet(false, true)) {
            Object next = pending.poll();
            if (next == null) {
                sending.set(false);
                if (pending.isEmpty()) {
                    return;
                }
                continue;
            }
            CompletableFuture<?> sent = (next instanceof String text ? transmit(text)
                    : transmit(ByteBuffer.wrap((byte[]) next))).toCompletableFuture();
            if (sent.isDone()) {
                sent.whenComplete((r, e) -> reportFailure(e));
                sending.set(false);
                continue;
            }
            sent.whenComplete((r, e) -> {
                reportFailure(e);
                sending.set(false);
                pump();
            });
            return;
        }
    }

    private void reportFailure(Throwable e) {
        if (e != null) {
            handler.onError(this, e);
        }
    }

    /** Sends a normal close (1000); does not wait. */
    abstract void close();

    /** Drops the TCP connection at once. */
    abstract void abort();

    abstract boolean isOpen();

    /** One complete text frame from the server. */
    final void textFrame(String text) {
        bytes += utf8Length(text);
        if (encoding != WireEncoding.JSON) {
            handler.onError(this, new IllegalStateException("a text frame on " + encoding.subprotocol()));
            return;
        }
        frame(text);
    }

    /** One complete binary frame from the server: MessagePack objects back to back. */
    final void binaryFrame(ByteBuffer payload) {
        bytes += payload.remaining();
        if (encoding != WireEncoding.MSGPACK) {
            handler.onError(this, new IllegalStateException("a binary frame on " + encoding.subprotocol()));
            return;
        }
        String text;
        try {
            text = Msgpack.lines(payload);
        } catch (IllegalStateException e) {
            handler.onError(this, e);
            return;
        }
        frame(text);
    }

    private static long utf8Length(String text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, else 3; a surrogate pair's 4 are 2 + 2
                n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    /** Hands every line of one complete server frame to the handler. */
    private void frame(String text) {
        long n = 0;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? length : nl;
            if (end > start) {
                n++;
                handler.onLine(this, text, start, end);
            }
            start = end + 1;
        }
        frames++;
        lines += n;
    }
}
