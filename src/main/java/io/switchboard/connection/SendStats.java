package io.switchboard.connection;

/**
 * What the send path reports as it writes: how many frames went out, and when each channel
 * message among them was published. Called on the send threads, often under a queue's lock, so
 * an implementation must be lock-free and must not allocate.
 */
public interface SendStats {

    /** Counts nothing; for queues outside the server (tests, tools). */
    SendStats NONE = new SendStats() {
        @Override
        public void framesSent(int frames) {
        }

        @Override
        public void messageWritten(long publishedMillis, long nowMillis) {
        }
    };

    /** {@code frames} frames were written to the socket (however many WebSocket frames carried them). */
    void framesSent(int frames);

    /** A channel message published (stored) at {@code publishedMillis} is being written at {@code nowMillis}. */
    void messageWritten(long publishedMillis, long nowMillis);
}
