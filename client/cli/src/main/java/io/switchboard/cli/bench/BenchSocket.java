package io.switchboard.cli.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One load-generator connection, whichever client library carries it. Every server frame is split
 * on {@code '\n'} (the server coalesces queued objects into one frame) and each line goes to the
 * {@link Handler} in arrival order, on the library's receive thread, one frame at a time per socket.
 */
abstract class BenchSocket {

    /** The subprotocol every handshake asks for (README, "Protocol v1 reference"). */
    static final String SUBPROTOCOL = "switchboard.v1";

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
    // Written only by the receive callback, which the libraries run one frame at a time per socket.
    volatile long frames;
    volatile long lines;

    BenchSocket(int index, Handler handler) {
        this.index = index;
        this.handler = handler;
    }

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    /** Queues a text frame; sends go out one at a time, in order. Never blocks. */
    final void send(String text) {
        pending.add(text);
        pump();
    }

    /** Starts one asynchronous text send; the stage completes when the library is done with it. */
    abstract CompletionStage<?> transmit(String text);

    // One send in flight at a time (both libraries require it); a send that completes at once
    // loops here rather than recursing.
    private void pump() {
        while (sending.compareAndSet(false, true)) {
            String next = pending.poll();
            if (next == null) {
                sending.set(false);
                if (pending.isEmpty()) {
                    return;
                }
                continue;
            }
            CompletableFuture<?> sent = transmit(next).toCompletableFuture();
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

    /** Hands every line of one complete server frame to the handler. */
    final void frame(String text) {
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
