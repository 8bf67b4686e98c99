package io.switchboard.bench;

/**
 * One load-generator connection, whichever client library carries it. Every server frame is split
 * on {@code '\n'} (the server coalesces queued objects into one frame) and each line goes to the
 * {@link Handler} in arrival order, on the library's receive thread, one frame at a time per socket.
 */
abstract class BenchSocket {

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

    /** Queues a text frame; sends go out one at a time, in order. Never blocks. */
    abstract void send(String text);

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
